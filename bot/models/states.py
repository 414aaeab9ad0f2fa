"""States as types: each record's statuses, with the moves between them written down once."""

from __future__ import annotations

import enum


class RequisitionStatus(str, enum.Enum):
    PENDING_APPROVAL = "pending_approval"
    NEEDS_PREPARATION = "needs_preparation"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @classmethod
    def awaiting_decision(cls) -> tuple[RequisitionStatus, ...]:
        return (cls.PENDING_APPROVAL, cls.NEEDS_PREPARATION)


_STATUSES = ", ".join(f"'{s.value}'" for s in RequisitionStatus)


class Decision(str, enum.Enum):
    """A hiring decision on a candidate. Hire and no hire are final; more interviews reopens the loop."""

    HIRE = "hire"
    NO_HIRE = "no_hire"
    MORE_INTERVIEWS = "more_interviews"

    @property
    def final(self) -> bool:
        return self in (Decision.HIRE, Decision.NO_HIRE)

    @property
    def label(self) -> str:
        return {Decision.HIRE: "Hire", Decision.NO_HIRE: "No hire", Decision.MORE_INTERVIEWS: "More interviews"}[self]

    @classmethod
    def final_values(cls) -> tuple[str, ...]:
        return tuple(d.value for d in cls if d.final)


class CandidateStatus(str, enum.Enum):
    ACTIVE = "active"
    HIRED = "hired"
    REJECTED = "rejected"

    @classmethod
    def after(cls, decision: Decision) -> CandidateStatus:
        """The transition a decision makes: the one place it is written down."""
        return {Decision.HIRE: cls.HIRED, Decision.NO_HIRE: cls.REJECTED, Decision.MORE_INTERVIEWS: cls.ACTIVE}[
            decision
        ]


def decided(decision: str | None) -> bool:
    """A candidate whose decision is final (hire or no hire): their loop is closed."""
    return decision in Decision.final_values()


class InterviewStatus(str, enum.Enum):
    """assigned -> scheduled (a time is set) -> scheduled again (moved); either -> declined;
    any -> assigned (reassigned to someone, until its scorecard is in)."""

    ASSIGNED = "assigned"
    SCHEDULED = "scheduled"
    DECLINED = "declined"

    def may_become(self, new: InterviewStatus) -> bool:
        return new in _INTERVIEW_MOVES[self]


_INTERVIEW_MOVES = {
    InterviewStatus.ASSIGNED: {InterviewStatus.SCHEDULED, InterviewStatus.DECLINED, InterviewStatus.ASSIGNED},
    InterviewStatus.SCHEDULED: {InterviewStatus.SCHEDULED, InterviewStatus.DECLINED, InterviewStatus.ASSIGNED},
    InterviewStatus.DECLINED: {InterviewStatus.ASSIGNED},
}


class NudgeStatus(str, enum.Enum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"
    FAILED = "failed"


_NUDGE_STATUSES = ", ".join(f"'{s.value}'" for s in NudgeStatus)
ACTIVE_NUDGE = (NudgeStatus.PENDING.value, NudgeStatus.SENDING.value)  # the rows a sweep may take
HISTORY_NUDGE = (NudgeStatus.SENT.value, NudgeStatus.CANCELLED.value)  # done with; deleted after the retention


def status_sql(statuses: tuple[str, ...]) -> str:
    """`status IN ('a', 'b')` written out, as partial indexes are declared on it and queries repeat it."""
    return "status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"

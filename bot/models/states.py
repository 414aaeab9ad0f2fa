"""States as types: each record's statuses, with the moves between them written down once."""

from __future__ import annotations

import enum


class RequisitionStatus(str, enum.Enum):
    """pending approval / needs preparation -> approved, changes requested or rejected (the approver);
    changes requested / awaiting -> awaiting again (a revision); approved <-> on hold; approved or
    on hold -> closed (with a reason); approved -> filled (its accepted offers reach the headcount)."""

    PENDING_APPROVAL = "pending_approval"
    NEEDS_PREPARATION = "needs_preparation"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    ON_HOLD = "on_hold"
    CLOSED = "closed"
    FILLED = "filled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @classmethod
    def awaiting_decision(cls) -> tuple[RequisitionStatus, ...]:
        return (cls.PENDING_APPROVAL, cls.NEEDS_PREPARATION)

    @classmethod
    def revisable(cls) -> tuple[RequisitionStatus, ...]:
        """The hiring manager may still change every answer (then it awaits the approver again)."""
        return (cls.PENDING_APPROVAL, cls.NEEDS_PREPARATION, cls.CHANGES_REQUESTED)

    @classmethod
    def hiring(cls) -> tuple[RequisitionStatus, ...]:
        """Approved and not finished: its loops run (on hold: no new candidates, no scheduling nudges)."""
        return (cls.APPROVED, cls.ON_HOLD)

    def may_become(self, new: RequisitionStatus) -> bool:
        return new in _REQUISITION_MOVES.get(self, set())


_AWAITING = {RequisitionStatus.PENDING_APPROVAL, RequisitionStatus.NEEDS_PREPARATION}
_REQUISITION_MOVES = {
    **{
        s: _AWAITING | {RequisitionStatus.APPROVED, RequisitionStatus.CHANGES_REQUESTED, RequisitionStatus.REJECTED}
        for s in _AWAITING
    },
    RequisitionStatus.CHANGES_REQUESTED: _AWAITING,
    RequisitionStatus.APPROVED: {RequisitionStatus.ON_HOLD, RequisitionStatus.CLOSED, RequisitionStatus.FILLED},
    RequisitionStatus.ON_HOLD: {RequisitionStatus.APPROVED, RequisitionStatus.CLOSED, RequisitionStatus.FILLED},
}


class CloseReason(str, enum.Enum):
    FILLED_ELSEWHERE = "filled_elsewhere"
    BUDGET_CUT = "budget_cut"
    NOT_NEEDED = "not_needed"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            CloseReason.FILLED_ELSEWHERE: "Filled elsewhere",
            CloseReason.BUDGET_CUT: "Budget cut",
            CloseReason.NOT_NEEDED: "No longer needed",
            CloseReason.OTHER: "Other",
        }[self]


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
    """active -> hired / rejected (a final decision); active -> closed (its requisition was closed)."""

    ACTIVE = "active"
    HIRED = "hired"
    REJECTED = "rejected"
    CLOSED = "closed"

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


class OfferStatus(str, enum.Enum):
    """pending approval -> extended (approved) or rejected; extended -> accepted, declined or expired;
    either open state -> withdrawn (by the hiring manager). At most one offer per candidate is open
    (pending approval or extended) at a time."""

    PENDING_APPROVAL = "pending_approval"
    EXTENDED = "extended"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    def may_become(self, new: OfferStatus) -> bool:
        return new in _OFFER_MOVES.get(self, set())

    @classmethod
    def ended(cls) -> tuple[str, ...]:
        """Over without a hire: a new offer may be prepared."""
        return (cls.REJECTED.value, cls.DECLINED.value, cls.EXPIRED.value, cls.WITHDRAWN.value)


OPEN_OFFER = (OfferStatus.PENDING_APPROVAL.value, OfferStatus.EXTENDED.value)
_OFFER_MOVES = {
    OfferStatus.PENDING_APPROVAL: {OfferStatus.EXTENDED, OfferStatus.REJECTED, OfferStatus.WITHDRAWN},
    OfferStatus.EXTENDED: {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN},
}


class DeclineReason(str, enum.Enum):
    COMPENSATION = "compensation"
    OTHER_OFFER = "other_offer"
    ROLE = "role"
    LOCATION = "location"
    TIMING = "timing"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            DeclineReason.COMPENSATION: "Compensation",
            DeclineReason.OTHER_OFFER: "Took another offer",
            DeclineReason.ROLE: "The role",
            DeclineReason.LOCATION: "Location",
            DeclineReason.TIMING: "Timing",
            DeclineReason.OTHER: "Other",
        }[self]


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

"""SQLAlchemy 2 typed models. Times are stored in UTC and always come back timezone-aware."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware datetime (UTC)")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


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


class Requisition(Base):
    __tablename__ = "requisitions"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        CheckConstraint("headcount BETWEEN 1 AND 50", name="headcount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hiring_manager_id: Mapped[str] = mapped_column(String(32), index=True)
    approver_id: Mapped[str] = mapped_column(String(32), index=True)
    specialization: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(40))
    location: Mapped[str] = mapped_column(String(40))
    hiring_model: Mapped[str] = mapped_column(String(40))
    headcount: Mapped[int] = mapped_column(Integer)
    target_start: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(40))
    work: Mapped[str] = mapped_column(String(40))
    mlops: Mapped[str] = mapped_column(String(40))
    tools: Mapped[str | None] = mapped_column(Text)
    domain: Mapped[str | None] = mapped_column(Text)
    # {question key: true/false}, and the playbook-derived snapshots taken at submission,
    # so a later playbook change never rewrites what the approver saw.
    readiness_answers: Mapped[dict] = mapped_column(JSON)
    readiness_yes: Mapped[int] = mapped_column(Integer)
    readiness_total: Mapped[int] = mapped_column(Integer)
    estimate: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(32), index=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    post_ts: Mapped[str | None] = mapped_column(String(32))
    jd_ts: Mapped[str | None] = mapped_column(String(32))
    approval_channel_id: Mapped[str | None] = mapped_column(String(32))
    approval_ts: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def status_enum(self) -> RequisitionStatus:
        return RequisitionStatus(self.status)


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


class Nudge(Base):
    """A reminder, escalation or check-in: a row with a due time, claimed and sent by the sweep.

    `due_at` is when the sweep should next act on the row: the send time while pending, the
    lease expiry while sending. Its intent is one of two kinds: `anchor_at` set means it is tied
    to that instant ("an hour after the interview ends": kept when the recipient's zone becomes
    known, only moved forward into their working hours); otherwise `local_date`, `local_time` and
    `local_tz` are the intent ("10:00 on 2027-01-04 in their zone"), recomputed in the zone once
    it is known.
    """

    __tablename__ = "nudges"
    __table_args__ = (
        CheckConstraint(f"status IN ({_NUDGE_STATUSES})", name="status"),
        Index("ix_nudges_status_due_at", "status", "due_at"),
        Index("ix_nudges_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient_id: Mapped[str] = mapped_column(String(32), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    detail: Mapped[dict | None] = mapped_column(JSON)  # what the kind needs beyond the subject, e.g. {"day": 30}
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    local_date: Mapped[date] = mapped_column(Date)
    local_time: Mapped[time] = mapped_column(Time)
    local_tz: Mapped[str] = mapped_column(String(64))
    anchor_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    zone_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=NudgeStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NudgeOptOut(Base):
    """A person asked to stop one kind of reminder about one subject ("Stop these")."""

    __tablename__ = "nudge_opt_outs"
    __table_args__ = (UniqueConstraint("user_id", "kind", "subject_type", "subject_id", name="uq_nudge_opt_outs_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserProfile(Base):
    """What the bot knows about a Slack user: their zone (cached from users.info) and quiet hours."""

    __tablename__ = "user_profiles"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tz: Mapped[str | None] = mapped_column(String(64))
    tz_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Onboarding(Base):
    """A new hire's onboarding: the plan, the thread in the onboarding channel, the check-ins."""

    __tablename__ = "onboardings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    new_hire_id: Mapped[str] = mapped_column(String(32), unique=True)
    manager_id: Mapped[str] = mapped_column(String(32), index=True)
    buddy_id: Mapped[str] = mapped_column(String(32), index=True)
    specialization: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date] = mapped_column(Date)
    requisition_id: Mapped[int | None] = mapped_column(ForeignKey("requisitions.id"))
    created_by: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def role_of(self, user_id: str) -> str | None:
        return {self.new_hire_id: "new_hire", self.buddy_id: "buddy", self.manager_id: "manager"}.get(user_id)

    def person(self, role: str) -> str:
        return {"new_hire": self.new_hire_id, "manager": self.manager_id, "buddy": self.buddy_id}[role]


class OnboardingItem(Base):
    __tablename__ = "onboarding_items"
    __table_args__ = (UniqueConstraint("onboarding_id", "key", name="uq_onboarding_items_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onboarding_id: Mapped[int] = mapped_column(ForeignKey("onboardings.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(150))
    owner_role: Mapped[str] = mapped_column(String(16))
    due_date: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[str | None] = mapped_column(String(32))


class CheckIn(Base):
    """One person's answers to one check-in (the new hire's, or the manager's own)."""

    __tablename__ = "check_ins"
    __table_args__ = (UniqueConstraint("onboarding_id", "day", "role", name="uq_check_ins_answer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onboarding_id: Mapped[int] = mapped_column(ForeignKey("onboardings.id", ondelete="CASCADE"))
    day: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    scores: Mapped[dict] = mapped_column(JSON)  # {"ramp_up": 4, ...}
    blockers: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict] = mapped_column(JSON)  # the day's own questions: {question: answer}
    shared_with_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PlanStage(Base):
    """One stage of a requisition's interview plan (made from the playbook at approval)."""

    __tablename__ = "plan_stages"
    __table_args__ = (UniqueConstraint("requisition_id", "stage_key", name="uq_plan_stages_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id", ondelete="CASCADE"))
    stage_key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Candidate(Base):
    __tablename__ = "candidates"
    __table_args__ = (CheckConstraint("status IN ('active', 'hired', 'rejected')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    profile_url: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))  # the longest address RFC 5321 allows
    added_by: Mapped[str] = mapped_column(String(32))
    screen_signals: Mapped[list] = mapped_column(JSON)
    screen_verdict: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=CandidateStatus.ACTIVE.value)
    decision: Mapped[str | None] = mapped_column(String(20))
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_rationale: Mapped[str | None] = mapped_column(Text)
    debriefed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    debrief_channel: Mapped[str | None] = mapped_column(String(32))
    debrief_ts: Mapped[str | None] = mapped_column(String(32))
    card_channel: Mapped[str | None] = mapped_column(String(32))  # the card in the requisition's thread
    card_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Interview(Base):
    """One stage of one candidate's loop: who interviews, and when."""

    __tablename__ = "interviews"
    __table_args__ = (
        UniqueConstraint("candidate_id", "stage_key", name="uq_interviews_stage"),
        CheckConstraint("status IN ('assigned', 'scheduled', 'declined')", name="status"),
        Index("ix_interviews_interviewer_starts", "interviewer_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    stage_key: Mapped[str] = mapped_column(String(40))
    interviewer_id: Mapped[str] = mapped_column(String(32))
    assignment_no: Mapped[int] = mapped_column(Integer, default=1)  # bumped on each reassignment
    status: Mapped[str] = mapped_column(String(16), default=InterviewStatus.ASSIGNED.value)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_reason: Mapped[str | None] = mapped_column(Text)
    assigned_by: Mapped[str] = mapped_column(String(32))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Scorecard(Base):
    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), unique=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    interviewer_id: Mapped[str] = mapped_column(String(32))
    stage_key: Mapped[str] = mapped_column(String(40))
    ratings: Mapped[dict] = mapped_column(JSON)  # {competency: {"score": 1-4, "evidence": str | None}}
    red_flags: Mapped[list] = mapped_column(JSON)
    recommendation: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FormSubmission(Base):
    """A modal submission that was accepted (by Slack's view id), so the same one is never taken twice."""

    __tablename__ = "form_submissions"

    view_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    callback_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class CandidateMessage(Base):
    """A message (or file) the bot sent that names a candidate, so erasing them can remove it from Slack."""

    __tablename__ = "candidate_messages"
    __table_args__ = (Index("ix_candidate_messages_candidate", "candidate_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(40))  # "card", "kit", "debrief", "decision", "export", ...
    channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    file_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Who did what to which record, and when: approvals, decisions, exports, erasures.

    Holds ids only, never names or free text, so an erased candidate stays erased here too.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(200))  # a fixed word or two, e.g. "approved"


class SweepPause(Base):
    """Delivery paused because Slack refused the bot token; ended by the first sweep that gets through.

    At most one is open (`ended_at` null): the sweep that ends it tells the admins, once.
    """

    __tablename__ = "sweep_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    error: Mapped[str] = mapped_column(String(40))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

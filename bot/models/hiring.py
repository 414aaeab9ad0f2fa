"""Requisitions, their interview plans, candidates, interviews, scorecards and the messages naming a candidate."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.models.base import Base, UTCDateTime
from bot.models.states import _STATUSES, CandidateStatus, InterviewStatus, RequisitionStatus
from bot.tenancy import InWorkspace

MAX_HEADCOUNT = 50  # engineers one requisition may hire: the CHECK below and the forms' limit


class Requisition(InWorkspace, Base):
    __tablename__ = "requisitions"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        CheckConstraint(f"headcount BETWEEN 1 AND {MAX_HEADCOUNT}", name="headcount"),
        CheckConstraint("filled BETWEEN 0 AND headcount", name="filled"),
        # what people read as "#3": counted per workspace, so no customer learns another's volume from it
        UniqueConstraint("workspace", "number", name="uq_requisitions_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the key (buttons, rows); never shown
    number: Mapped[int] = mapped_column(Integer)
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
    # the hiring manager's latest message offering *Revise* (retired once it can no longer be revised)
    hm_notice_channel_id: Mapped[str | None] = mapped_column(String(32))
    hm_notice_ts: Mapped[str | None] = mapped_column(String(32))
    hm_notice_text: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(Text)
    has_senior: Mapped[bool | None] = mapped_column(Boolean)  # a senior ML engineer on the team already
    regulated: Mapped[bool | None] = mapped_column(Boolean)  # the hiring manager says the domain is regulated
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # revisions so far
    filled: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # accepted offers
    # a raised headcount waiting for the approver (an approved requisition keeps its headcount until then)
    pending_headcount: Mapped[int | None] = mapped_column(Integer)
    headcount_ts: Mapped[str | None] = mapped_column(String(32))  # the approver's DM asking for it
    headcount_channel_id: Mapped[str | None] = mapped_column(String(32))
    close_reason: Mapped[str | None] = mapped_column(String(32))
    close_note: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def status_enum(self) -> RequisitionStatus:
        return RequisitionStatus(self.status)


class PlanStage(InWorkspace, Base):
    """One stage of a requisition's interview plan (made from the playbook at approval)."""

    __tablename__ = "plan_stages"
    __table_args__ = (UniqueConstraint("requisition_id", "stage_key", name="uq_plan_stages_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id", ondelete="CASCADE"))
    stage_key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Candidate(InWorkspace, Base):
    __tablename__ = "candidates"
    __table_args__ = (CheckConstraint("status IN ('active', 'hired', 'rejected', 'closed')", name="status"),)

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


# Not declined and no scorecard yet: written out so both databases match queries to the partial index.
OPEN_INTERVIEW_SQL = "scored_at IS NULL AND status IN ('assigned', 'scheduled')"


class Interview(InWorkspace, Base):
    """One stage of one candidate's loop: who interviews, and when."""

    __tablename__ = "interviews"
    __table_args__ = (
        UniqueConstraint("candidate_id", "stage_key", name="uq_interviews_stage"),
        CheckConstraint("status IN ('assigned', 'scheduled', 'declined')", name="status"),
        Index("ix_interviews_interviewer_starts", "interviewer_id", "starts_at"),
        Index("ix_interviews_ends_at", "ends_at"),  # the interviewers report: a period's interviews
        # A person's open interviews (App Home): only those still waiting on them, in start order.
        Index(
            "ix_interviews_open",
            "interviewer_id",
            "starts_at",
            "id",
            postgresql_where=text(OPEN_INTERVIEW_SQL),
            sqlite_where=text(OPEN_INTERVIEW_SQL),
        ),
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
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when its scorecard came in


IS_OPEN_INTERVIEW = and_(
    Interview.scored_at.is_(None),
    Interview.status.in_([literal_column("'assigned'"), literal_column("'scheduled'")]),
)


class Scorecard(InWorkspace, Base):
    __tablename__ = "scorecards"
    __table_args__ = (Index("ix_scorecards_submitted_at", "submitted_at"),)  # a period's scorecards

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


class CandidateAccess(InWorkspace, Base):
    """Who is on a candidate's hiring team: the requisition's hiring manager and approver, and every
    interviewer who has not declined. Derived from those rows by `bot.flows.interviews.team.refresh`
    whenever they change, so a person's candidate list reads only their own entries, newest first,
    however many candidates everyone else has. Permission checks never read it (they read the source)."""

    __tablename__ = "candidate_access"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CandidateMessage(InWorkspace, Base):
    """A message (or file) the bot sent that names a candidate, so erasing them can remove it from Slack."""

    __tablename__ = "candidate_messages"
    __table_args__ = (Index("ix_candidate_messages_candidate", "candidate_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(40))  # "card", "kit", "debrief", "decision", "export", ...
    channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    file_id: Mapped[str | None] = mapped_column(String(32))
    person_id: Mapped[str | None] = mapped_column(String(32))  # a kit's interviewer (whose kit it is)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


@event.listens_for(Session, "before_flush")
def _number_new_requisitions(session: Session, _context, _instances) -> None:
    """A new requisition without a number gets its workspace's next one (what people read as "#n")."""
    new = [obj for obj in session.new if isinstance(obj, Requisition) and obj.number is None]
    if not new:
        return
    taken: dict[str, int] = {}
    with session.no_autoflush:
        for req in new:
            workspace = req.workspace or session.info.get("workspace")
            if workspace not in taken:
                found = session.execute(
                    select(func.max(Requisition.number)).where(Requisition.workspace == workspace)
                ).scalar()
                taken[workspace] = found or 0
            taken[workspace] += 1
            req.number = taken[workspace]

"""What is overdue across the hiring loop, for App Home's dashboard and the weekly digest: scorecards more
than a day after the interview, approvals waiting, candidates waiting for a time. Each is one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.flows.reports.pipeline import OPEN, ReportScope
from bot.models import Candidate, Interview, Requisition
from bot.models.hiring import IS_OPEN_INTERVIEW
from bot.models.states import CandidateStatus, InterviewStatus, RequisitionStatus

SCORECARD_DUE = timedelta(hours=24)
AWAITING = tuple(s.value for s in RequisitionStatus.awaiting_decision())


@dataclass(frozen=True)
class OverdueScorecard:
    interviewer_id: str
    stage_key: str
    candidate_id: int
    candidate_name: str
    requisition_number: int  # what people call it ("#3")
    hiring_manager_id: str
    ended_at: datetime


def _live_interviews(scope: ReportScope) -> Select:
    return scope.requisitions(
        select()
        .select_from(Interview)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .join(Requisition, Requisition.id == Candidate.requisition_id)
        .where(IS_OPEN_INTERVIEW, Candidate.status == CandidateStatus.ACTIVE.value, Requisition.status.in_(OPEN))
    )


def scorecards_query(scope: ReportScope, now: datetime) -> Select:
    return _live_interviews(scope).where(
        Interview.status == InterviewStatus.SCHEDULED.value, Interview.ends_at < now - SCORECARD_DUE
    )


def overdue_scorecards(
    session: Session,
    scope: ReportScope,
    now: datetime,
    *,
    hiring_managers: set[str] | None = None,
    limit: int = 200,
) -> list[OverdueScorecard]:
    """Scheduled interviews more than a day over without a scorecard, oldest first (only on the requisitions
    of `hiring_managers` when given): one statement for any number of hiring managers."""
    stmt = scorecards_query(scope, now).add_columns(
        Interview.interviewer_id,
        Interview.stage_key,
        Candidate.id,
        Candidate.name,
        Requisition.number,
        Requisition.hiring_manager_id,
        Interview.ends_at,
    )
    if hiring_managers is not None:
        stmt = stmt.where(Requisition.hiring_manager_id.in_(sorted(hiring_managers)))
    return [OverdueScorecard(*row) for row in session.execute(stmt.order_by(Interview.ends_at).limit(limit))]


def hiring_managers_with_overdue(session: Session, now: datetime) -> list[str]:
    stmt = scorecards_query(ReportScope("", True), now).add_columns(Requisition.hiring_manager_id).distinct()
    return sorted(session.scalars(stmt))


@dataclass(frozen=True)
class Overdue:
    scorecards: int
    approvals: int  # waiting for the approver longer than the cutoff
    unscheduled: int  # candidates with an interview still without a time


def counts(session: Session, scope: ReportScope, now: datetime, approval_cutoff: datetime) -> Overdue:
    scorecards = session.scalar(scorecards_query(scope, now).add_columns(func.count()))
    approvals = session.scalar(
        scope.requisitions(
            select(func.count()).where(Requisition.status.in_(AWAITING), Requisition.updated_at < approval_cutoff)
        )
    )
    unscheduled = session.scalar(
        _live_interviews(scope)
        .where(Interview.status == InterviewStatus.ASSIGNED.value)
        .add_columns(func.count(func.distinct(Interview.candidate_id)))
    )
    return Overdue(scorecards or 0, approvals or 0, unscheduled or 0)

"""`/ml-report nudges`: what the reminder engine holds, read through the partial indexes so the report
costs the same however much history there is (the pending count stops at a cap)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import Nudge, NudgeStatus, SweepPause
from bot.models.reminders import IS_ACTIVE, IS_FAILED, IS_STALE, STALE_PREFIX

REPORT_LIMIT = 15
OVERDUE_GRACE = timedelta(minutes=10)
PENDING_CAP = 1_000  # counted up to this; beyond it the report says "1,000+"


@dataclass(frozen=True)
class NudgeReport:
    pending: int
    overdue: list[Nudge]
    failed: list[Nudge]
    stuck: list[Nudge]  # sending, with the lease run out: a sweep died mid-send
    stale: list[Nudge]  # dropped in the last week because they no longer made sense (the latest few)
    stale_reasons: list[tuple[str, int]] = field(default_factory=list)  # every reason this week, with its count
    paused_since: datetime | None = None  # delivery paused: Slack refuses the token

    @property
    def pending_text(self) -> str:
        return f"{PENDING_CAP:,}+" if self.pending >= PENDING_CAP else f"{self.pending:,}"


def _active(status: NudgeStatus):
    return select(Nudge).where(IS_ACTIVE, Nudge.status == status.value)


def report(session: Session, now: datetime) -> NudgeReport:
    # active rows (pending, and the few being sent this minute), counted from the partial index alone
    pending_rows = select(Nudge.id).where(IS_ACTIVE).limit(PENDING_CAP).subquery()
    pending = session.scalar(select(func.count()).select_from(pending_rows))
    overdue = _active(NudgeStatus.PENDING).where(Nudge.due_at < now - OVERDUE_GRACE).order_by(Nudge.due_at)
    stuck = _active(NudgeStatus.SENDING).where(Nudge.due_at < now).order_by(Nudge.due_at)
    failed = select(Nudge).where(IS_FAILED).order_by(Nudge.updated_at.desc(), Nudge.id.desc())
    this_week = (IS_STALE, Nudge.updated_at >= now - timedelta(days=7))
    stale = select(Nudge).where(*this_week).order_by(Nudge.updated_at.desc(), Nudge.id.desc())
    count = func.count().label("count")
    reasons = (
        select(Nudge.last_error, count).where(*this_week).group_by(Nudge.last_error).order_by(count.desc()).limit(10)
    )
    pause = session.scalar(select(SweepPause).where(SweepPause.ended_at.is_(None)).limit(1))
    return NudgeReport(
        pending=pending or 0,
        overdue=list(session.scalars(overdue.limit(REPORT_LIMIT))),
        failed=list(session.scalars(failed.limit(REPORT_LIMIT))),
        stuck=list(session.scalars(stuck.limit(REPORT_LIMIT))),
        stale=list(session.scalars(stale.limit(5))),
        stale_reasons=[(why.removeprefix(STALE_PREFIX), n) for why, n in session.execute(reasons)],
        paused_since=pause.started_at if pause else None,
    )


CSV_LIMIT = 5_000  # rows per group in the CSV


def csv_rows(session: Session, now: datetime, limit: int = CSV_LIMIT) -> list[Nudge]:
    """The reminders the report is about, one row each: overdue, stuck while sending, failed, and dropped as
    stale this week (each group up to `limit`, through its partial index)."""
    groups = (
        _active(NudgeStatus.PENDING).where(Nudge.due_at < now - OVERDUE_GRACE).order_by(Nudge.due_at),
        _active(NudgeStatus.SENDING).where(Nudge.due_at < now).order_by(Nudge.due_at),
        select(Nudge).where(IS_FAILED).order_by(Nudge.updated_at.desc(), Nudge.id.desc()),
        select(Nudge).where(IS_STALE, Nudge.updated_at >= now - timedelta(days=7)).order_by(Nudge.updated_at.desc()),
    )
    return [n for stmt in groups for n in session.scalars(stmt.limit(limit))]

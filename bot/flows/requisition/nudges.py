"""Reminders about a requisition waiting for approval.

The approver is reminded 2 business days after submission, and the hiring manager is told at
4 business days that it is still waiting, both at 10:00 in the recipient's zone. A decision
cancels both; the sweep re-checks anyway.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import Nudge, Requisition, RequisitionStatus
from bot.nudges import rows as nudges
from bot.nudges.kinds import About, NudgeKind, about
from bot.playbook import Playbook

SUBJECT = "requisition"
REMIND = "req_approval"
ESCALATE = "req_approval_late"
REMIND_AFTER, ESCALATE_AFTER, AT = 2, 4, time(10, 0)


def schedule(session: Session, settings: Settings, req: Requisition, *, today: date, now: datetime) -> None:
    """Counted from `today`: the submission, or the latest revision (each revision has its own rows)."""
    key = "1" if not req.revision else f"r{req.revision}"
    common = dict(subject_type=SUBJECT, subject_id=req.id, start=today, at=AT, now=now, key=key)
    nudges.schedule_days_after(session, settings, kind=REMIND, user_id=req.approver_id, days=REMIND_AFTER, **common)
    nudges.schedule_days_after(
        session, settings, kind=ESCALATE, user_id=req.hiring_manager_id, days=ESCALATE_AFTER, **common
    )


def cancel(session: Session, req: Requisition, now: datetime) -> None:
    nudges.cancel_for_subject(session, SUBJECT, req.id, now)


def _open_requisitions(session: Session, batch: list[Nudge]) -> dict[int, Requisition]:
    awaiting = [s.value for s in RequisitionStatus.awaiting_decision()]
    rows = session.scalars(
        select(Requisition).where(Requisition.id.in_({n.subject_id for n in batch}), Requisition.status.in_(awaiting))
    )
    return {r.id: r for r in rows}


def _wanted(session: Session, batch: list[Nudge]) -> set[int]:
    open_ = _open_requisitions(session, batch)
    return {n.id for n in batch if n.subject_id in open_}


def _load(session: Session, playbook: Playbook, batch: list[Nudge]) -> dict[int, About]:
    open_ = _open_requisitions(session, batch)
    return {n.id: about(n.kind, playbook, open_[n.subject_id]) for n in batch if n.subject_id in open_}


MAX_LATE = timedelta(days=7)
APPROVAL_REMINDER = NudgeKind(REMIND, "approval reminders for this requisition", _wanted, _load, max_late=MAX_LATE)
APPROVAL_ESCALATION = NudgeKind(
    ESCALATE, "late-approval alerts for this requisition", _wanted, _load, max_late=MAX_LATE
)

"""The audit log: who approved, decided, exported or erased which record, and when (ids only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.flows.access import check_admin
from bot.models import AuditEvent

REPORT_LIMIT = 50


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: int,
    now: datetime,
    detail: str | None = None,
) -> None:
    """Add an entry in the caller's transaction, so it exists exactly when the change does."""
    session.add(
        AuditEvent(
            at=now, actor_id=actor, action=action, subject_type=subject_type, subject_id=subject_id, detail=detail
        )
    )


def recent(session: Session, *, user: str, admins: frozenset[str], limit: int = REPORT_LIMIT) -> list[AuditEvent]:
    check_admin(user, admins, "audit")
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))

"""The workspaces the bot serves (bot.tenancy): installed through OAuth, departed, and forgotten.

Each function takes a session scoped to the workspace it is about, and `now`; none calls Slack or commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.errors import Conflict
from bot.models import (
    AuditEvent,
    Base,
    Candidate,
    CandidateAccess,
    CandidateMessage,
    Interview,
    Offer,
    PreparedOnboarding,
    Scorecard,
    Workspace,
)
from bot.tenancy import ALL, InWorkspace, key_of

UNINSTALLED, REVOKED = "app_uninstalled", "tokens_revoked"
# Candidates' personal data goes first, in its own transaction: names, emails, profiles, notes, scores, offers.
CANDIDATES_FIRST = (CandidateMessage, CandidateAccess, Scorecard, PreparedOnboarding, Offer, Interview, Candidate)


@dataclass(frozen=True)
class Installed:
    team_id: str | None
    enterprise_id: str | None
    is_enterprise_install: bool
    installed_by: str


def installed(session: Session, found: Installed, now: datetime) -> Workspace:
    """Record an install (or a reinstall after leaving: the workspace is served again)."""
    row = session.scalar(select(Workspace))
    if row is None:
        row = Workspace(installed_at=now)
        session.add(row)
    row.team_id, row.enterprise_id = found.team_id, found.enterprise_id
    row.is_enterprise_install, row.installed_by = found.is_enterprise_install, found.installed_by
    row.left_at = row.left_because = row.forgotten_at = None
    return row


def departed(session: Session, why: str, now: datetime) -> bool:
    """Slack says the app was uninstalled or its bot token revoked: its reminders stop from now. False when the
    workspace was not installed through OAuth (single-token mode) or had already left."""
    row = session.scalar(select(Workspace))
    if row is None or row.left_at is not None:
        return False
    row.left_at, row.left_because = now, why
    return True


def serving(session: Session) -> list[Workspace]:
    """Every installed workspace that has not left (a session scoped to ALL)."""
    if key_of(session) != ALL:
        raise ValueError("serving() lists every workspace: give it a session scoped to ALL")
    return list(session.scalars(select(Workspace).where(Workspace.left_at.is_(None)).order_by(Workspace.workspace)))


def departed_list(session: Session) -> list[Workspace]:
    return list(session.scalars(select(Workspace).where(Workspace.left_at.is_not(None)).order_by(Workspace.left_at)))


def forget_candidates(session: Session, keep_days: int, now: datetime) -> int:
    """Step one of deleting a departed workspace's data: its candidates' personal data. Refused while the
    workspace is installed or left less than `keep_days` ago."""
    row = session.scalar(select(Workspace))
    if row is None or row.left_at is None:
        raise Conflict("This workspace has not left: uninstall the app from it first.")
    if now < row.left_at + timedelta(days=keep_days):
        raise Conflict(
            f"This workspace left on {row.left_at:%Y-%m-%d}; its data is kept until "
            f"{row.left_at + timedelta(days=keep_days):%Y-%m-%d} (DEPARTED_RETENTION_DAYS={keep_days})."
        )
    return sum(session.execute(delete(model)).rowcount for model in CANDIDATES_FIRST)


def forget_the_rest(session: Session, now: datetime) -> int:
    """Step two: everything else the workspace kept, leaving the workspace's row (marked forgotten) and one
    audit row saying when its data was deleted."""
    models = {m.class_.__table__.name: m.class_ for m in Base.registry.mappers if issubclass(m.class_, InWorkspace)}
    keep = {Workspace.__tablename__}
    deleted = 0
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in models and table.name not in keep:
            deleted += session.execute(delete(models[table.name])).rowcount
    row = session.scalar(select(Workspace))
    row.forgotten_at = now
    session.add(
        AuditEvent(
            at=now,
            actor_id="operator",
            action="workspace_deleted",
            subject_type="workspace",
            subject_id=0,
            detail=f"left {row.left_at:%Y-%m-%d}",
        )
    )
    return deleted

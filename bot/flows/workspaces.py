"""The workspaces the bot serves (bot.tenancy): installed through OAuth, departed, and forgotten.

Each function takes a session scoped to the workspace it is about, and `now`; none calls Slack or commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.errors import Conflict
from bot.models import (
    AuditEvent,
    Base,
    Candidate,
    CandidateAccess,
    CandidateMessage,
    FormSubmission,
    Interview,
    Offer,
    PreparedOnboarding,
    ReceivedEvent,
    Scorecard,
    SweepPause,
    UserProfile,
    Workspace,
)
from bot.tenancy import ALL, SINGLE, InWorkspace, key_of

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
    deleted = sum(session.execute(delete(model)).rowcount for model in reversed(_models()))
    row = session.scalar(select(Workspace))
    row.forgotten_at = now
    session.add(_operator_did("workspace_deleted", f"left {row.left_at:%Y-%m-%d}", now))
    return deleted


def _operator_did(action: str, detail: str, now: datetime, workspace: str | None = None) -> AuditEvent:
    """The audit row of an operator's command (naming `workspace` when the session serves them all)."""
    return AuditEvent(
        workspace=workspace,
        at=now,
        actor_id="operator",
        action=action,
        subject_type="workspace",
        subject_id=0,
        detail=detail,
    )


# What a freshly installed workspace may already hold without being in use: Slack's own state, kept per workspace
# (people's zones, the ids of events and forms already taken). Single-token mode's replace them when adopted.
CACHES = (UserProfile, ReceivedEvent, FormSubmission)


def _models() -> list[type]:
    """Every table that belongs to a workspace, parents before children, except the registry of workspaces."""
    by_table = {m.class_.__table__.name: m.class_ for m in Base.registry.mappers if issubclass(m.class_, InWorkspace)}
    return [
        by_table[t.name]
        for t in Base.metadata.sorted_tables
        if t.name in by_table and by_table[t.name] is not Workspace
    ]


def adopt_single(session: Session, key: str, now: datetime) -> int:
    """Move single-token mode's data (workspace `single`) to workspace `key`, installed through OAuth: for a team
    that started on one token and now runs in OAuth mode. Refused unless `key` is installed and holds no data of
    its own yet (two histories are never mixed); `key`'s caches are replaced by single-token mode's, and a
    pause of the old token's sending is dropped (that token is no longer used). One audit row in `key`.
    Takes a session serving every workspace; returns the rows moved."""
    assert key_of(session) == ALL, "adopting moves rows between workspaces: it needs a session serving all"
    target = session.scalar(select(Workspace).where(Workspace.workspace == key))
    if target is None or target.left_at is not None:
        raise Conflict(
            f"{key} is not an installed workspace: install the app there through /slack/install first "
            "(python -m bot workspaces lists them)"
        )
    models = _models()
    if not any(session.scalar(select(func.count()).select_from(m).where(m.workspace == SINGLE)) for m in models):
        raise Conflict("there is no single-token data to move")
    in_use = [
        m.__tablename__
        for m in models
        if m not in CACHES and session.scalar(select(func.count()).select_from(m).where(m.workspace == key))
    ]
    if in_use:
        raise Conflict(f"{key} already holds data of its own ({', '.join(in_use)}): the two would be mixed")
    for m in CACHES:
        session.execute(delete(m).where(m.workspace == key))
    session.execute(delete(SweepPause).where(SweepPause.workspace == SINGLE))
    moved = sum(
        session.execute(
            update(m).where(m.workspace == SINGLE).values(workspace=key).execution_options(synchronize_session=False)
        ).rowcount
        for m in models
    )
    session.add(_operator_did("single_token_data_adopted", f"{moved} rows", now, workspace=key))
    return moved

"""Reminders as rows, opt-outs, what the bot knows of each person, and delivery pauses."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    and_,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime
from bot.models.states import _NUDGE_STATUSES, ACTIVE_NUDGE, HISTORY_NUDGE, NudgeStatus, status_sql
from bot.tenancy import InWorkspace

STALE_PREFIX = "dropped as stale: "  # how the sweep marks a reminder it dropped because it no longer made sense
STALE_NUDGE_SQL = f"status IN ('cancelled') AND last_error LIKE '{STALE_PREFIX}%'"


def _partial(name: str, columns: tuple[str, ...], statuses: tuple[str, ...]) -> Index:
    where = text(status_sql(statuses))
    return Index(name, *columns, postgresql_where=where, sqlite_where=where)


def in_group(column, statuses: tuple[str, ...]):
    """`status IN (...)` with the values written out, so both databases see which partial index applies
    (SQLite matches the index's WHERE term for term; bound parameters would hide it)."""
    return column.in_([literal_column(f"'{s}'") for s in statuses])


class Nudge(InWorkspace, Base):
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
        # Partial indexes, one per group of statuses, so a query about one group reads only that group's
        # rows. None has `status` as a column: SQLite (which keeps no statistics) would pick such an index
        # for the claim and sort every active row instead of reading the few due ones in order.
        _partial("ix_nudges_active_due_at", ("due_at", "id"), ACTIVE_NUDGE),  # which workspaces have work due
        _partial("ix_nudges_workspace_due_at", ("workspace", "due_at", "id"), ACTIVE_NUDGE),  # one's claim, in order
        UniqueConstraint("workspace", "dedupe_key", name="uq_nudges_workspace_dedupe_key"),
        _partial("ix_nudges_history_updated_at", ("updated_at",), HISTORY_NUDGE),  # retention, recently dropped
        _partial("ix_nudges_failed_updated_at", ("updated_at",), (NudgeStatus.FAILED.value,)),  # report, requeue
        # this week's stale drops for the report, without reading the week's other history
        Index(
            "ix_nudges_stale_updated_at",
            "updated_at",
            postgresql_where=text(STALE_NUDGE_SQL),
            sqlite_where=text(STALE_NUDGE_SQL),
        ),
        Index("ix_nudges_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient_id: Mapped[str] = mapped_column(String(32), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    detail: Mapped[dict | None] = mapped_column(JSON)  # what the kind needs beyond the subject, e.g. {"day": 30}
    dedupe_key: Mapped[str] = mapped_column(String(200))
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


class NudgeOptOut(InWorkspace, Base):
    """A person asked to stop one kind of reminder about one subject ("Stop these")."""

    __tablename__ = "nudge_opt_outs"
    __table_args__ = (
        UniqueConstraint("workspace", "user_id", "kind", "subject_type", "subject_id", name="uq_nudge_opt_outs_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserProfile(InWorkspace, Base):
    """What the bot knows about a Slack user: their zone (cached from users.info) and quiet hours."""

    __tablename__ = "user_profiles"

    workspace: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tz: Mapped[str | None] = mapped_column(String(64))
    tz_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SweepPause(InWorkspace, Base):
    """Delivery to one workspace paused because Slack refused its bot token; ended by the first sweep that gets
    through (other workspaces' reminders go on).

    At most one per workspace is open (`ended_at` null): the sweep that ends it tells the admins, once.
    """

    __tablename__ = "sweep_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    error: Mapped[str] = mapped_column(String(40))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


IS_ACTIVE = in_group(Nudge.status, ACTIVE_NUDGE)
IS_HISTORY = in_group(Nudge.status, HISTORY_NUDGE)
IS_FAILED = in_group(Nudge.status, (NudgeStatus.FAILED.value,))
IS_STALE = and_(
    in_group(Nudge.status, (NudgeStatus.CANCELLED.value,)), Nudge.last_error.like(literal_column(f"'{STALE_PREFIX}%'"))
)

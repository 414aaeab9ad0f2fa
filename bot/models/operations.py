"""The operator's own records: not a workspace's data, so not scoped to one (read and written through the engine,
never through a workspace's session)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from bot.models.base import Base, UTCDateTime

# One row (id 1): when a clock last finished a sweep of reminders, which process, since when the row has watched,
# and when the admins were told that no clock had swept for too long (cleared by the next sweep). bot.heartbeat.
CLOCK_HEARTBEAT = Table(
    "clock_heartbeat",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("since", UTCDateTime(), nullable=False),
    Column("swept_at", UTCDateTime()),
    Column("swept_by", String(128)),
    Column("alerted_at", UTCDateTime()),
)

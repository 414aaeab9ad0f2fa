"""Workspace settings kept in the database (saved from App Home), and every change made to them."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, CheckConstraint, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime
from bot.tenancy import InWorkspace


class WorkspaceSettings(InWorkspace, Base):
    """What a workspace's admin saved in the Settings modal (one row per workspace). Until the row exists, the
    environment's values apply (in OAuth mode: no channels, the installer as the admin);
    once it does, every field here wins (None meaning "none", e.g. no onboarding channel)."""

    __tablename__ = "workspace_settings"
    __table_args__ = (CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="digest_weekday"),)

    workspace: Mapped[str] = mapped_column(String(32), primary_key=True)
    hiring_channel: Mapped[str | None] = mapped_column(String(32))
    onboarding_channel: Mapped[str | None] = mapped_column(String(32))
    admins: Mapped[list] = mapped_column(JSON)  # Slack user ids, at least one
    holiday_country: Mapped[str | None] = mapped_column(String(8))
    holiday_subdivision: Mapped[str | None] = mapped_column(String(16))
    work_start: Mapped[time] = mapped_column(Time)
    work_end: Mapped[time] = mapped_column(Time)
    digest_weekday: Mapped[int] = mapped_column(Integer)  # Monday is 0
    digest_time: Mapped[time] = mapped_column(Time)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped by each save: two admins at once, one wins
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SettingChange(InWorkspace, Base):
    """One field changed by one save: who, when, old → new (as shown to people)."""

    __tablename__ = "setting_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changed_by: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)

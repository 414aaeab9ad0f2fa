"""Records kept for trust: accepted form submissions and Events API deliveries (each taken once) and the audit
log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime
from bot.tenancy import InWorkspace


class FormSubmission(InWorkspace, Base):
    """A modal submission that was accepted (by Slack's view id), so the same one is never taken twice."""

    __tablename__ = "form_submissions"

    workspace: Mapped[str] = mapped_column(String(32), primary_key=True)  # taken once per workspace
    view_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    callback_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ReceivedEvent(InWorkspace, Base):
    """An Events API delivery that was taken (by Slack's event_id), so Slack's retries of it run nothing."""

    __tablename__ = "slack_events"

    workspace: Mapped[str] = mapped_column(String(32), primary_key=True)  # one workspace's id never hides another's
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AuditEvent(InWorkspace, Base):
    """Who did what to which record, and when: approvals, decisions, exports, erasures.

    Holds ids only, never names or free text, so an erased candidate stays erased here too.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(200))  # a fixed word or two, e.g. "approved"

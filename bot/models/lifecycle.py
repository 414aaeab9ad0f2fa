"""A requisition's revisions and the offers made to its hires."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime
from bot.models.states import OPEN_OFFER, OfferStatus, status_sql
from bot.tenancy import InWorkspace

_OFFER_STATUSES = ", ".join(f"'{s.value}'" for s in OfferStatus)


class RequisitionRevision(InWorkspace, Base):
    """One revision by the hiring manager (or an admin): who, when, and each field's old and new value."""

    __tablename__ = "requisition_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    revised_by: Mapped[str] = mapped_column(String(32))
    revised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changes: Mapped[list] = mapped_column(JSON)  # [{"field": label, "old": text, "new": text}]


class Offer(InWorkspace, Base):
    """An offer to a candidate with a Hire decision, placed against the playbook's band when prepared."""

    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint(f"status IN ({_OFFER_STATUSES})", name="status"),
        CheckConstraint("base_salary BETWEEN 1 AND 10000000", name="base_salary"),
        # one open offer per candidate: two at once cannot both be stored
        Index(
            "uq_offers_open_candidate",
            "candidate_id",
            unique=True,
            postgresql_where=text(status_sql(OPEN_OFFER)),
            sqlite_where=text(status_sql(OPEN_OFFER)),
        ),
        # the sweep's expiry look-up reads only extended offers
        Index(
            "ix_offers_extended_expires_on",
            "expires_on",
            postgresql_where=text("status IN ('extended')"),
            sqlite_where=text("status IN ('extended')"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    base_salary: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(8))
    sign_on: Mapped[str | None] = mapped_column(Text)
    equity: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(40))
    expires_on: Mapped[date] = mapped_column(Date)
    band_low: Mapped[int] = mapped_column(Integer)
    band_high: Mapped[int] = mapped_column(Integer)  # the posting maximum when the band is open-topped
    band_open_top: Mapped[bool] = mapped_column(Boolean, default=False)
    placement: Mapped[str] = mapped_column(String(8))  # below / within / above
    approval_reason: Mapped[str | None] = mapped_column(Text)  # why it needed the approver
    approver_id: Mapped[str | None] = mapped_column(String(32))
    approval_channel_id: Mapped[str | None] = mapped_column(String(32))
    approval_ts: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reject_reason: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    withdraw_reason: Mapped[str | None] = mapped_column(Text)  # why the bot took it back (the requisition closed)
    # the hiring manager's latest message about it (its buttons retire when the offer moves on)
    notice_channel_id: Mapped[str | None] = mapped_column(String(32))
    notice_ts: Mapped[str | None] = mapped_column(String(32))
    new_hire_email: Mapped[str | None] = mapped_column(String(254))
    responded_by: Mapped[str | None] = mapped_column(String(32))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def status_enum(self) -> OfferStatus:
        return OfferStatus(self.status)


class PreparedOnboarding(InWorkspace, Base):
    """An accepted offer's onboarding, waiting for the new hire's Slack account (found by their email
    when Slack says they joined, or by a daily look-up from two weeks before the start)."""

    __tablename__ = "prepared_onboardings"
    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'joined', 'started')", name="status"),
        Index(
            "ix_prepared_onboardings_waiting",
            "start_date",
            postgresql_where=text("status IN ('waiting')"),
            sqlite_where=text("status IN ('waiting')"),
        ),
        Index("ix_prepared_onboardings_email", "email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), unique=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id"))
    manager_id: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(254))
    start_date: Mapped[date] = mapped_column(Date)
    specialization: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    new_hire_id: Mapped[str | None] = mapped_column(String(32))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    looked_up_on: Mapped[date | None] = mapped_column(Date)  # the last daily look-up by email
    late_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # "not joined yet", said once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

"""Onboardings, their checklist items and check-in answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime
from bot.tenancy import InWorkspace


class Onboarding(InWorkspace, Base):
    """A new hire's onboarding: the plan, the thread in the onboarding channel, the check-ins."""

    __tablename__ = "onboardings"
    __table_args__ = (UniqueConstraint("workspace", "new_hire_id", name="uq_onboardings_new_hire"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    new_hire_id: Mapped[str] = mapped_column(String(32))
    manager_id: Mapped[str] = mapped_column(String(32), index=True)
    buddy_id: Mapped[str] = mapped_column(String(32), index=True)
    specialization: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date] = mapped_column(Date)
    requisition_id: Mapped[int | None] = mapped_column(ForeignKey("requisitions.id"))
    # the hire it was started from (their message's Start onboarding, or their accepted offer's); unlinked on erasure
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="SET NULL"), index=True)
    created_by: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def role_of(self, user_id: str) -> str | None:
        return {self.new_hire_id: "new_hire", self.buddy_id: "buddy", self.manager_id: "manager"}.get(user_id)

    def person(self, role: str) -> str:
        return {"new_hire": self.new_hire_id, "manager": self.manager_id, "buddy": self.buddy_id}[role]


class OnboardingItem(InWorkspace, Base):
    __tablename__ = "onboarding_items"
    __table_args__ = (UniqueConstraint("onboarding_id", "key", name="uq_onboarding_items_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onboarding_id: Mapped[int] = mapped_column(ForeignKey("onboardings.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(150))
    owner_role: Mapped[str] = mapped_column(String(16))
    due_date: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[str | None] = mapped_column(String(32))


class CheckIn(InWorkspace, Base):
    """One person's answers to one check-in (the new hire's, or the manager's own)."""

    __tablename__ = "check_ins"
    __table_args__ = (UniqueConstraint("onboarding_id", "day", "role", name="uq_check_ins_answer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onboarding_id: Mapped[int] = mapped_column(ForeignKey("onboardings.id", ondelete="CASCADE"))
    day: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    scores: Mapped[dict] = mapped_column(JSON)  # {"ramp_up": 4, ...}
    blockers: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict] = mapped_column(JSON)  # the day's own questions: {question: answer}
    shared_with_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())

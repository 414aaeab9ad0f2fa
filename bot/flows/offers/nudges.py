"""Offer reminders, through the reminder engine.

- An offer waiting for the approver: they are reminded 2 business days after it was made.
- An extended offer: the hiring manager is reminded one business day before it expires; once the
  sweep has expired it, they are told so.
- An accepted offer's onboarding: if the new hire has not joined Slack 3 business days before the
  start date, the hiring manager is told once.
All at 10:00 in the recipient's zone, inside their working hours; each is dropped once its offer or
onboarding has moved on.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import Candidate, Nudge, Offer, OfferStatus, PreparedOnboarding, Requisition
from bot.nudges import rows as nudges
from bot.nudges.kinds import About, NudgeKind, about
from bot.nudges.timing import at_or_after

SUBJECT, JOIN_SUBJECT = "offer", "prepared_onboarding"
APPROVAL, EXPIRING, EXPIRED = "offer_approval", "offer_expiring", "offer_expired"
NOT_JOINED, JOINED = "offer_not_joined", "offer_joined"
AT = time(10, 0)


def _business_day_before(settings: Settings, day: date, n: int) -> date:
    return nudges.work_calendar(settings).business_days_before(day, n)


def _at(session: Session, settings: Settings, user: str, day: date, now: datetime):
    """10:00 on `day` in the person's zone (the next working moment; never before now)."""
    who = nudges.recipient(session, user, settings, now)
    moment = max(datetime.combine(day, AT, tzinfo=who.zone), now)
    return who, at_or_after(nudges.work_calendar(settings), moment, who.zone, who.quiet)


def schedule_approval(session: Session, settings: Settings, offer: Offer, now: datetime) -> None:
    nudges.schedule_days_after(
        session,
        settings,
        kind=APPROVAL,
        user_id=offer.approver_id,
        subject_type=SUBJECT,
        subject_id=offer.id,
        key="1",
        start=settings.today(now),
        days=2,
        at=AT,
        now=now,
    )


def schedule_expiry(session: Session, settings: Settings, offer: Offer, req: Requisition, now: datetime) -> None:
    day = _business_day_before(settings, offer.expires_on, 1)
    if day < settings.today(now):
        return  # it expires too soon for a warning
    who, due = _at(session, settings, req.hiring_manager_id, day, now)
    nudges.schedule(
        session, kind=EXPIRING, recipient=who, subject_type=SUBJECT, subject_id=offer.id, key="1", due=due, now=now
    )


def schedule_expired_notice(session: Session, settings: Settings, offer: Offer, now: datetime) -> None:
    req = session.get(Requisition, offer.requisition_id)
    who, due = _at(session, settings, req.hiring_manager_id, settings.today(now), now)
    nudges.schedule(
        session, kind=EXPIRED, recipient=who, subject_type=SUBJECT, subject_id=offer.id, key="1", due=due, now=now
    )


def schedule_join_check(session: Session, settings: Settings, prepared: PreparedOnboarding, now: datetime) -> None:
    day = _business_day_before(settings, prepared.start_date, 3)
    who, due = _at(session, settings, prepared.manager_id, max(day, settings.today(now)), now)
    nudges.schedule(
        session,
        kind=NOT_JOINED,
        recipient=who,
        subject_type=JOIN_SUBJECT,
        subject_id=prepared.id,
        key="1",
        due=due,
        now=now,
    )


def schedule_joined(session: Session, settings: Settings, prepared: PreparedOnboarding, now: datetime) -> None:
    """ "<name> joined Slack" to the hiring manager, at the next working moment."""
    who, due = _at(session, settings, prepared.manager_id, settings.today(now), now)
    nudges.schedule(
        session,
        kind=JOINED,
        recipient=who,
        subject_type=JOIN_SUBJECT,
        subject_id=prepared.id,
        key="joined",
        due=due,
        now=now,
    )


def cancel(session: Session, offer: Offer, now: datetime) -> None:
    nudges.cancel_for_subject(session, SUBJECT, offer.id, now)


WANTED_STATUS = {
    APPROVAL: OfferStatus.PENDING_APPROVAL.value,
    EXPIRING: OfferStatus.EXTENDED.value,
    EXPIRED: OfferStatus.EXPIRED.value,
}


def _offers(session: Session, batch: list[Nudge]) -> dict[int, tuple[Offer, Candidate, Requisition]]:
    rows = session.execute(
        select(Offer, Candidate, Requisition)
        .join(Candidate, Candidate.id == Offer.candidate_id)
        .join(Requisition, Requisition.id == Offer.requisition_id)
        .where(Offer.id.in_({n.subject_id for n in batch}))
    ).all()
    return {o.id: (o, c, r) for o, c, r in rows}


def _offer_kind(name: str, label: str) -> NudgeKind:
    def wanted(session: Session, batch: list[Nudge]) -> set[int]:
        found = _offers(session, batch)
        return {n.id for n in batch if n.subject_id in found and found[n.subject_id][0].status == WANTED_STATUS[n.kind]}

    def load(session: Session, playbook, batch: list[Nudge]) -> dict[int, About]:
        found = _offers(session, batch)
        return {
            n.id: about(n.kind, *found[n.subject_id])
            for n in batch
            if n.subject_id in found and found[n.subject_id][0].status == WANTED_STATUS[n.kind]
        }

    return NudgeKind(name, label, wanted, load, max_late=timedelta(days=7))


def _prepared_kind(name: str, label: str, status: str) -> NudgeKind:
    """A message about a prepared onboarding, wanted while it is in `status`."""

    def found(session: Session, batch: list[Nudge]) -> dict[int, tuple[PreparedOnboarding, Candidate]]:
        rows = session.execute(
            select(PreparedOnboarding, Candidate)
            .join(Candidate, Candidate.id == PreparedOnboarding.candidate_id)
            .where(PreparedOnboarding.id.in_({n.subject_id for n in batch}), PreparedOnboarding.status == status)
        ).all()
        return {p.id: (p, c) for p, c in rows}

    def wanted(session: Session, batch: list[Nudge]) -> set[int]:
        rows = found(session, batch)
        return {n.id for n in batch if n.subject_id in rows}

    def load(session: Session, playbook, batch: list[Nudge]) -> dict[int, About]:
        rows = found(session, batch)
        return {n.id: about(n.kind, *rows[n.subject_id]) for n in batch if n.subject_id in rows}

    return NudgeKind(name, label, wanted, load, snoozable=False, max_late=timedelta(days=30))


KINDS = (
    _offer_kind(APPROVAL, "approval reminders for this offer"),
    _offer_kind(EXPIRING, "expiry reminders for this offer"),
    _offer_kind(EXPIRED, "expiry notices for this offer"),
    _prepared_kind(NOT_JOINED, "join reminders for this new hire", "waiting"),
    _prepared_kind(JOINED, "join notices for this new hire", "joined"),
)

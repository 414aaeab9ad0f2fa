"""Offer state changes. Every function takes a session and `now`; none talks to Slack.

pending approval -> extended | rejected (the approver or an admin, once); extended -> accepted |
declined (the hiring manager or an admin records what the candidate said) | expired (the sweep,
after its expiry date). Accepting counts a hire on the requisition (exactly one of two racing for
its last place wins) and prepares the onboarding, which waits for the new hire to join Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotFound
from bot.flows import audit
from bot.flows.access import check_may_decide, check_may_manage, may_decide, may_manage
from bot.flows.interviews.service import get_candidate
from bot.flows.offers import ids, nudges
from bot.flows.offers.bands import CURRENCY, band_for, needs_approval
from bot.flows.offers.forms import AcceptForm, OfferDeclineForm, OfferForm, RejectForm
from bot.flows.offers.joining import onboarding_started
from bot.flows.requisition import changes
from bot.models import (
    Candidate,
    CandidateStatus,
    Decision,
    Offer,
    OfferStatus,
    PreparedOnboarding,
    Requisition,
    RequisitionStatus,
)
from bot.models.states import OPEN_OFFER
from bot.mrkdwn import escape


def get_offer(session: Session, offer_id: int) -> tuple[Offer, Candidate, Requisition]:
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFound("That offer no longer exists.")
    candidate, req = get_candidate(session, offer.candidate_id)
    return offer, candidate, req


def check_still_hiring(candidate: Candidate, req: Requisition) -> None:
    """An offer's requisition still hiring and its candidate still hired: what every decision on it re-checks."""
    if req.status_enum not in RequisitionStatus.hiring():
        raise Conflict(f"Requisition #{req.number} is {req.status_enum.label}: it takes no offers now.")
    if candidate.decision != Decision.HIRE.value or candidate.status != CandidateStatus.HIRED.value:
        raise Conflict(f"{escape(candidate.name)} is no longer a hire on requisition #{req.number}.")


def check_may_offer(session: Session, candidate: Candidate, req: Requisition, user: str, admins) -> None:
    """The hiring manager or an admin, for a hired candidate without an open or accepted offer, on a
    requisition still hiring."""
    check_may_manage(req, user, admins, "offer")
    if (why := why_no_offer(session, candidate, req)) is not None:
        raise Conflict(why)


def why_no_offer(session: Session, candidate: Candidate, req: Requisition) -> str | None:
    """Why no offer can be prepared for the candidate now, or None: the rule both the refusal and the messages
    offering *Prepare offer* follow."""
    if candidate.decision != Decision.HIRE.value:
        return "An offer needs a Hire decision first."
    if req.status_enum not in RequisitionStatus.hiring():
        return f"Requisition #{req.number} is {req.status_enum.label}: it takes no new offers."
    taken = session.scalar(
        select(Offer.status).where(
            Offer.candidate_id == candidate.id, Offer.status.in_((*OPEN_OFFER, OfferStatus.ACCEPTED.value))
        )
    )
    if taken is not None:
        return f"This candidate already has an offer that is {OfferStatus(taken).label}."
    if onboarding_started(session, candidate):
        return f"{escape(candidate.name)}'s onboarding has already started, so no offer is needed here."
    return None


def prepare(
    session: Session,
    playbook,
    settings: Settings,
    candidate_id: int,
    form: OfferForm,
    *,
    actor: str,
    now: datetime,
) -> Offer:
    """Store the offer placed against its band: extended at once within or below it, otherwise to the approver."""
    candidate, req = get_candidate(session, candidate_id)
    check_may_offer(session, candidate, req, actor, settings.bot_admins)
    band = band_for(playbook, req.level, form.location)
    placement = band.place(form.base_salary)
    why = needs_approval(placement, req.hiring_model)
    offer = Offer(
        candidate_id=candidate.id,
        requisition_id=req.id,
        status=(OfferStatus.PENDING_APPROVAL if why else OfferStatus.EXTENDED).value,
        base_salary=form.base_salary,
        currency=CURRENCY,
        sign_on=form.sign_on,
        equity=form.equity,
        start_date=form.start_date,
        location=form.location,
        expires_on=form.expires_on,
        band_low=band.low,
        band_high=band.high,
        band_open_top=band.open_top,
        placement=placement,
        approval_reason=why,
        approver_id=req.approver_id if why else None,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    session.add(offer)
    try:
        session.flush()
    except IntegrityError:  # another open offer for this candidate was stored at this moment
        raise Conflict("This candidate already has an open offer.") from None
    if why:
        nudges.schedule_approval(session, settings, offer, now)
    else:
        nudges.schedule_expiry(session, settings, offer, req, now)
    _audit(session, actor, "offer_prepared", offer, now, offer.status)
    return offer


def _already(offer: Offer) -> Conflict:
    """What happened to an offer a button no longer applies to, in words."""
    if offer.withdraw_reason:
        return Conflict(f"This offer was withdrawn: {offer.withdraw_reason}.")
    if offer.status_enum in (OfferStatus.ACCEPTED, OfferStatus.DECLINED) and offer.responded_by:
        # the candidate answered; the person named only recorded it
        return Conflict(f"This offer was already recorded as {offer.status_enum.label} by <@{offer.responded_by}>.")
    by = offer.decided_by if offer.status_enum is not OfferStatus.EXPIRED else None
    return Conflict(f"This offer was already {offer.status_enum.label}" + (f" by <@{by}>." if by else "."))


def check_may_move(offer: Offer, candidate: Candidate, req: Requisition, new: OfferStatus) -> None:
    """Before a form opens for a decision on an offer: the offer can still take it, and one waiting for the
    approver still has a hiring requisition and a hired candidate."""
    if not offer.status_enum.may_become(new):
        raise _already(offer)
    if offer.status_enum is OfferStatus.PENDING_APPROVAL:
        check_still_hiring(candidate, req)


def _move(session: Session, offer: Offer, new: OfferStatus, now: datetime, **values) -> None:
    current = offer.status_enum
    if not current.may_become(new):
        raise _already(offer)
    result = session.execute(
        update(Offer)
        .where(Offer.id == offer.id, Offer.status == current.value)
        .values(status=new.value, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(offer)
    if result.rowcount != 1:
        raise _already(offer)


def decide(
    session: Session,
    settings: Settings,
    offer_id: int,
    *,
    actor: str,
    approve: bool,
    form: RejectForm | None,
    now: datetime,
) -> tuple[Offer, Candidate, Requisition]:
    """The approver (or an admin) approves or rejects an offer that needed them; two at once cannot both win."""
    offer, candidate, req = get_offer(session, offer_id)
    check_may_decide(req, actor, settings.bot_admins)
    new = OfferStatus.EXTENDED if approve else OfferStatus.REJECTED
    check_may_move(offer, candidate, req, new)
    reason = None if approve or form is None else form.reason
    _move(session, offer, new, now, decided_by=actor, decided_at=now, reject_reason=reason)
    nudges.cancel(session, offer, now)
    if approve:
        nudges.schedule_expiry(session, settings, offer, req, now)
    _audit(session, actor, "offer_approved" if approve else "offer_rejected", offer, now)
    return offer, candidate, req


@dataclass(frozen=True)
class OfferAccepted:
    offer: Offer
    candidate: Candidate
    requisition: Requisition
    prepared: PreparedOnboarding
    ended: changes.Ended  # the other offers and the raise a filling hire withdrew


def accept(
    session: Session, settings: Settings, offer_id: int, form: AcceptForm, *, actor: str, now: datetime
) -> OfferAccepted:
    """The candidate said yes: a hire counted on the requisition, and the onboarding prepared."""
    offer, candidate, req = get_offer(session, offer_id)
    check_may_manage(req, actor, settings.bot_admins, "offer")
    if not offer.status_enum.may_become(OfferStatus.ACCEPTED):
        raise _already(offer)
    check_one_hire(session, form.email, actor=actor, admins=settings.bot_admins)
    # the requisition's row first, then the offers': two accepts racing for its last place queue on it
    # (the winner withdraws the loser's offer) instead of each holding an offer the other must change
    if (ended := changes.count_hire(session, req, offer, actor=actor, now=now)) is None:
        raise Conflict(
            f"Requisition #{req.number} is {req.status_enum.label} ({req.filled} of {req.headcount} hired): "
            "there is no place left for this offer. Raise the headcount first."
        )
    _move(session, offer, OfferStatus.ACCEPTED, now, responded_by=actor, responded_at=now, new_hire_email=form.email)
    prepared = PreparedOnboarding(
        offer_id=offer.id,
        candidate_id=candidate.id,
        requisition_id=req.id,
        manager_id=req.hiring_manager_id,
        email=form.email,
        start_date=offer.start_date,
        specialization=req.specialization,
        status="waiting",
        created_at=now,
    )
    session.add(prepared)
    session.flush()
    nudges.cancel(session, offer, now)
    nudges.schedule_join_check(session, settings, prepared, now)
    _audit(session, actor, "offer_accepted", offer, now)
    return OfferAccepted(offer, candidate, req, prepared, ended)


def check_one_hire(session: Session, email: str, *, actor: str, admins: frozenset[str]) -> None:
    """One person, one hire: no other accepted offer may be waiting for the new hire with this email to join
    (compared trimmed and case-insensitively, as the join look-up compares). The other requisition is named to
    those allowed to see it."""
    other = session.scalar(
        select(Requisition)
        .join(PreparedOnboarding, PreparedOnboarding.requisition_id == Requisition.id)
        .where(func.lower(func.trim(PreparedOnboarding.email)) == email.strip().lower())
        .where(PreparedOnboarding.status == "waiting")
        .order_by(PreparedOnboarding.id)
        .limit(1)
    )
    if other is not None:
        which = (
            f"requisition #{other.number}"
            if may_decide(other, actor, admins) or may_manage(other, actor, admins)
            else ("another requisition")
        )
        raise FormErrors(
            {
                ids.EMAIL: f"An accepted offer on {which} is already waiting for the person with this email to join: "
                "one person takes one offer. Check the email, or withdraw the other offer first."
            }
        )


def decline(
    session: Session, settings: Settings, offer_id: int, form: OfferDeclineForm, *, actor: str, now: datetime
) -> tuple[Offer, Candidate, Requisition]:
    offer, candidate, req = get_offer(session, offer_id)
    check_may_manage(req, actor, settings.bot_admins, "offer")
    _move(
        session,
        offer,
        OfferStatus.DECLINED,
        now,
        responded_by=actor,
        responded_at=now,
        decline_reason=form.reason.value,
    )
    nudges.cancel(session, offer, now)
    _audit(session, actor, "offer_declined", offer, now, form.reason.value)
    return offer, candidate, req


def withdraw(
    session: Session, settings: Settings, offer_id: int, *, actor: str, now: datetime
) -> tuple[Offer, Candidate, Requisition]:
    """The hiring manager (or an admin) takes back an open offer; it can no longer be accepted."""
    offer, candidate, req = get_offer(session, offer_id)
    check_may_manage(req, actor, settings.bot_admins, "offer")
    _move(session, offer, OfferStatus.WITHDRAWN, now, responded_by=actor, responded_at=now)
    nudges.cancel(session, offer, now)
    _audit(session, actor, "offer_withdrawn", offer, now)
    return offer, candidate, req


def expire_overdue(session: Session, settings: Settings, now: datetime, limit: int = 500) -> list[Offer]:
    """Extended offers past their expiry date become expired (the sweep calls this); each hiring manager
    is told by a reminder due now."""
    today = settings.today(now)
    overdue = list(
        session.scalars(
            select(Offer)
            .where(Offer.status == OfferStatus.EXTENDED.value, Offer.expires_on < today)
            .order_by(Offer.expires_on, Offer.id)
            .limit(limit)
        )
    )
    expired = []
    for offer in overdue:
        result = session.execute(
            update(Offer)
            .where(Offer.id == offer.id, Offer.status == OfferStatus.EXTENDED.value)
            .values(status=OfferStatus.EXPIRED.value, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            session.refresh(offer)
            nudges.cancel(session, offer, now)
            nudges.schedule_expired_notice(session, settings, offer, now)
            _audit(session, "bot", "offer_expired", offer, now)
            expired.append(offer)
    return expired


def offers_for(session: Session, candidate_ids: list[int]) -> list[Offer]:
    if not candidate_ids:
        return []
    return list(session.scalars(select(Offer).where(Offer.candidate_id.in_(candidate_ids)).order_by(Offer.id)))


def _audit(session: Session, actor: str, action: str, offer: Offer, now: datetime, detail: str = "") -> None:
    audit.record(session, actor=actor, action=action, subject_type="offer", subject_id=offer.id, now=now, detail=detail)

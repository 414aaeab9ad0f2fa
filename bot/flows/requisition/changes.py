"""An approved requisition's later life: on hold and resumed, closed with a reason, its headcount and
target start changed (a raise goes back to the approver), and filled by accepted offers.

Each move is a conditional UPDATE from the status it was checked in, so two people acting at once
cannot both win; the allowed moves are `RequisitionStatus.may_become`. Closing, holding and filling end
what hangs on the requisition (`end_pending`): a raise waiting for the approver and offers not yet
answered are withdrawn with the reason, so no button pressed on an older message can revive them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors
from bot.flows import audit
from bot.flows.access import check_may_decide, check_may_manage
from bot.flows.interviews import nudges as interview_nudges
from bot.flows.offers import nudges as offer_nudges
from bot.flows.requisition import ids
from bot.flows.requisition.forms import CloseForm, HeadcountForm
from bot.flows.requisition.service import get_requisition
from bot.models import (
    Candidate,
    CandidateStatus,
    Interview,
    InterviewStatus,
    Nudge,
    NudgeStatus,
    Offer,
    OfferStatus,
    Requisition,
)
from bot.models import RequisitionStatus as S
from bot.models.states import OPEN_OFFER

SCHEDULING = (interview_nudges.SCHEDULE, interview_nudges.SCHEDULE_LATE)


def _move(session: Session, req: Requisition, new: S, now: datetime, **values) -> None:
    """The status move, or a Conflict saying where the requisition is now."""
    current = req.status_enum
    if not current.may_become(new):
        raise Conflict(f"Requisition #{req.number} is {current.label}; it cannot be {new.label} now.")
    result = session.execute(
        update(Requisition)
        .where(Requisition.id == req.id, Requisition.status == current.value)
        .values(status=new.value, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(req)
    if result.rowcount != 1:
        raise Conflict(f"Requisition #{req.number} changed just now (it is {req.status_enum.label}); look again.")


def in_loop(session: Session, requisition_id: int) -> list[Candidate]:
    """Candidates still interviewing: active, with no final decision."""
    return list(
        session.scalars(
            select(Candidate)
            .where(
                Candidate.requisition_id == requisition_id,
                Candidate.status == CandidateStatus.ACTIVE.value,
                Candidate.decision.is_(None) | (Candidate.decision == "more_interviews"),
            )
            .order_by(Candidate.id)
        )
    )


def _open_interviews(session: Session, candidate_ids: list[int]) -> list[Interview]:
    if not candidate_ids:
        return []
    return list(
        session.scalars(
            select(Interview)
            .where(Interview.candidate_id.in_(candidate_ids), Interview.status != InterviewStatus.DECLINED.value)
            .order_by(Interview.id)
        )
    )


def _cancel(session: Session, interviews: list[Interview], now: datetime, kinds=None, why="no longer needed") -> int:
    if not interviews:
        return 0
    stmt = update(Nudge).where(
        Nudge.subject_type == interview_nudges.SUBJECT,
        Nudge.subject_id.in_([i.id for i in interviews]),
        Nudge.status == NudgeStatus.PENDING.value,
    )
    if kinds:
        stmt = stmt.where(Nudge.kind.in_(kinds))
    values = dict(status=NudgeStatus.CANCELLED.value, last_error=why, updated_at=now)
    return session.execute(stmt.values(**values).execution_options(synchronize_session=False)).rowcount


def _audit(session: Session, actor: str, action: str, req: Requisition, now: datetime, detail: str = "") -> None:
    audit.record(
        session, actor=actor, action=action, subject_type="requisition", subject_id=req.id, now=now, detail=detail
    )


@dataclass(frozen=True)
class Ended:
    """What hung on a requisition and ended with it, and why (in words for the people who held it)."""

    why: str = ""
    raise_asked: int | None = None  # the headcount the approver was asked for
    raise_message: tuple[str | None, str | None] = (None, None)  # the approver's request (channel, ts)
    offers: tuple[Offer, ...] = ()  # withdrawn: pending approval or extended, not yet answered

    def __bool__(self) -> bool:
        return self.raise_asked is not None or bool(self.offers)


def end_pending(
    session: Session, req: Requisition, why: str, *, actor: str, now: datetime, keep: int | None = None
) -> Ended:
    """Withdraw the raise waiting for the approver and every offer not yet answered (but `keep`, the offer
    being accepted), saying `why`."""
    asked, message = req.pending_headcount, (req.headcount_channel_id, req.headcount_ts)
    if asked is not None:
        session.execute(
            update(Requisition)
            .where(Requisition.id == req.id)
            .values(pending_headcount=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        session.refresh(req)
        _audit(session, actor, "headcount_withdrawn", req, now, str(asked))
    ended = []
    for offer in session.scalars(
        select(Offer)
        .where(Offer.requisition_id == req.id, Offer.status.in_(OPEN_OFFER), Offer.id != (keep or 0))
        .order_by(Offer.id)
    ):
        moved = session.execute(
            update(Offer)  # any open state: an approval landing meanwhile is withdrawn too
            .where(Offer.id == offer.id, Offer.status.in_(OPEN_OFFER))
            .values(
                status=OfferStatus.WITHDRAWN.value,
                withdraw_reason=why,
                responded_by=actor,
                responded_at=now,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount == 1:
            session.refresh(offer)
            offer_nudges.cancel(session, offer, now)
            audit.record(
                session, actor=actor, action="offer_withdrawn", subject_type="offer", subject_id=offer.id, now=now
            )
            ended.append(offer)
    return Ended(why, asked, message, tuple(ended))


def why_ended(req: Requisition) -> str:
    return f"requisition #{req.number} is {req.status_enum.label}"


@dataclass(frozen=True)
class Moved:
    requisition: Requisition
    ended: Ended = field(default_factory=Ended)


def hold(session: Session, settings: Settings, ref: ids.RequisitionRef, *, actor: str, now: datetime) -> Moved:
    """No new candidates; the scheduling nudges of its candidates stop until it is resumed; a raise waiting
    for the approver and offers not yet answered are withdrawn."""
    req = get_requisition(session, ref.requisition_id)
    check_may_manage(req, actor, settings.bot_admins, "hold")
    _move(session, req, S.ON_HOLD, now)
    waiting = [i for i in _open_interviews(session, [c.id for c in in_loop(session, req.id)]) if i.starts_at is None]
    _cancel(session, waiting, now, SCHEDULING, why="paused: the requisition is on hold")
    ended = end_pending(session, req, why_ended(req), actor=actor, now=now)
    _audit(session, actor, "requisition_held", req, now)
    return Moved(req, ended)


def resume(session: Session, settings: Settings, ref: ids.RequisitionRef, *, actor: str, now: datetime) -> Moved:
    """Back to hiring: interviews still without a time get their scheduling nudges again, counted from now."""
    req = get_requisition(session, ref.requisition_id)
    check_may_manage(req, actor, settings.bot_admins, "hold")
    _move(session, req, S.APPROVED, now)
    for interview in _open_interviews(session, [c.id for c in in_loop(session, req.id)]):
        if interview.status == InterviewStatus.ASSIGNED.value and interview.scored_at is None:
            interview_nudges.schedule_for_assignment(
                session, settings, interview, req, now, round_=f"resumed{int(now.timestamp())}"
            )
    _audit(session, actor, "requisition_resumed", req, now)
    return Moved(req)


@dataclass(frozen=True)
class Closed:
    requisition: Requisition
    candidates: list[Candidate]
    # each interviewer with an open interview about a candidate whose loop ended: told once
    interviewers: dict[str, list[str]] = field(default_factory=dict)
    ended: Ended = field(default_factory=Ended)


def close(
    session: Session, settings: Settings, ref: ids.RequisitionRef, form: CloseForm, *, actor: str, now: datetime
) -> Closed:
    """Close with a reason. Candidates still interviewing need the confirmation: their loops end."""
    req = get_requisition(session, ref.requisition_id)
    check_may_manage(req, actor, settings.bot_admins, "close")
    candidates = in_loop(session, req.id)
    if candidates and not form.confirmed:
        n = len(candidates)
        raise FormErrors(
            {
                ids.CLOSE_CONFIRM: f"{n} {'candidate is' if n == 1 else 'candidates are'} still interviewing: "
                "tick this to end their loops."
            }
        )
    _move(
        session,
        req,
        S.CLOSED,
        now,
        close_reason=form.reason.value,
        close_note=form.note,
        closed_by=actor,
        closed_at=now,
    )
    interviews = _open_interviews(session, [c.id for c in candidates])
    for candidate in candidates:
        candidate.status = CandidateStatus.CLOSED.value
    _cancel(session, interviews, now, why="the requisition was closed")
    names = {c.id: c.name for c in candidates}
    interviewers: dict[str, list[str]] = {}
    for interview in interviews:
        if interview.scored_at is None:
            interviewers.setdefault(interview.interviewer_id, []).append(names[interview.candidate_id])
    ended = end_pending(session, req, why_ended(req), actor=actor, now=now)
    _audit(session, actor, "requisition_closed", req, now, form.reason.value)
    return Closed(req, candidates, {u: sorted(set(n)) for u, n in interviewers.items()}, ended)


@dataclass(frozen=True)
class HeadcountChange:
    requisition: Requisition
    asked: int | None  # a raise waiting for the approver
    changed: list[str]  # what took effect now, as text
    ended: Ended = field(default_factory=Ended)  # what a lower headcount that fills it withdrew


def change_headcount(
    session: Session,
    settings: Settings,
    ref: ids.RequisitionRef,
    form: HeadcountForm,
    *,
    actor: str,
    today: date,
    now: datetime,
) -> HeadcountChange:
    """A lower headcount or a new start takes effect now; a higher headcount waits for the approver."""
    req = get_requisition(session, ref.requisition_id)
    check_may_manage(req, actor, settings.bot_admins, "headcount")
    check_hiring(req, "change its headcount")
    errors = {}
    if form.headcount < req.filled:
        errors[ids.HC_HEADCOUNT] = f"{req.filled} already accepted offers: the headcount cannot go below that."
    if form.target_start < today and form.target_start != req.target_start:
        errors[ids.HC_START] = f"The start date must be today ({today.isoformat()}) or later."
    if form.headcount == req.headcount and form.target_start == req.target_start:
        errors[ids.HC_HEADCOUNT] = "Nothing changed: edit the headcount or the start date."
    if errors:
        raise FormErrors(errors)
    changed, asked = [], None
    if form.target_start != req.target_start:
        changed.append(f"target start {req.target_start:%d %b %Y} → {form.target_start:%d %b %Y}")
        req.target_start = form.target_start
    if form.headcount < req.headcount:
        changed.append(f"headcount {req.headcount} → {form.headcount}")
        req.headcount, req.pending_headcount = form.headcount, None
    elif form.headcount > req.headcount:
        asked = req.pending_headcount = form.headcount
    req.updated_at = now
    session.flush()
    ended = Ended()
    if req.filled >= req.headcount:
        _move(session, req, S.FILLED, now)
        ended = end_pending(session, req, why_ended(req), actor=actor, now=now)
    _audit(session, actor, "requisition_headcount", req, now, f"{req.headcount}/{asked or '-'}")
    return HeadcountChange(req, asked, changed, ended)


def decide_headcount(
    session: Session, settings: Settings, ref: ids.HeadcountRef, *, actor: str, approve: bool, now: datetime
) -> Requisition:
    """The approver (or an admin) takes or refuses a raised headcount, once."""
    req = get_requisition(session, ref.requisition_id)
    check_may_decide(req, actor, settings.bot_admins)
    if req.status_enum not in S.hiring():
        raise Conflict(f"Requisition #{req.number} is {req.status_enum.label}: its headcount request was withdrawn.")
    if req.pending_headcount != ref.headcount:
        raise Conflict(f"The headcount request for requisition #{req.number} was already answered or replaced.")
    values = {"headcount": ref.headcount} if approve else {}
    result = session.execute(
        update(Requisition)
        .where(Requisition.id == req.id, Requisition.pending_headcount == ref.headcount)
        .values(pending_headcount=None, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(req)
    if result.rowcount != 1:
        raise Conflict(f"The headcount request for requisition #{req.number} was already answered.")
    _audit(session, actor, "headcount_approved" if approve else "headcount_refused", req, now, str(ref.headcount))
    return req


def count_hire(session: Session, req: Requisition, offer: Offer, *, actor: str, now: datetime) -> Ended | None:
    """One more accepted offer (`offer`): exactly one of two racing for the last place wins (a conditional
    UPDATE); the requisition becomes filled when the count reaches the headcount, which withdraws what
    still hung on it but `offer`. None: no place left."""
    result = session.execute(
        update(Requisition)
        .where(
            Requisition.id == req.id,
            Requisition.filled < Requisition.headcount,
            Requisition.status.in_([s.value for s in S.hiring()]),
        )
        .values(filled=Requisition.filled + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(req)
    if result.rowcount != 1:
        return None
    if req.filled < req.headcount:
        return Ended()
    _move(session, req, S.FILLED, now)
    return end_pending(session, req, why_ended(req), actor=actor, now=now, keep=offer.id)


def check_hiring(req: Requisition, what: str) -> None:
    """Only an approved requisition (or one on hold) can be closed or have its headcount changed."""
    if req.status_enum not in S.hiring():
        raise Conflict(f"Requisition #{req.number} is {req.status_enum.label}: it can no longer {what}.")

"""Offers: prepare after a Hire, approve or reject (when above the band), record accepted or declined."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects import offers as notify
from bot.flows.access import check_may_decide, check_may_manage
from bot.flows.interviews.ids import CandidateRef
from bot.flows.interviews.service import get_candidate
from bot.flows.offers import ids, joining, service
from bot.flows.offers.forms import AcceptForm, OfferDeclineForm, OfferForm, RejectForm
from bot.models import OfferStatus
from bot.playbook import Playbook
from bot.requests.runner import Later, accept_form, listener
from bot.ui import offers as ui
from bot.ui import onboarding as onboarding_ui


def register(app: App) -> None:
    app.action(ids.PREPARE)(on_open_prepare)
    app.view(ids.PREPARE_CALLBACK)(on_prepare)
    app.action(ids.APPROVE)(on_approve)
    app.action(ids.REJECT)(on_open_reject)
    app.view(ids.REJECT_CALLBACK)(on_reject)
    app.action(ids.ACCEPTED)(on_open_accept)
    app.view(ids.ACCEPT_CALLBACK)(on_accept)
    app.action(ids.DECLINED)(on_open_decline)
    app.view(ids.DECLINE_CALLBACK)(on_decline)
    app.action(ids.WITHDRAW)(on_withdraw)
    app.event("team_join")(on_team_join)
    app.action(ids.START_PREPARED)(on_start_prepared)


@listener
def on_open_prepare(
    ack,
    trigger_id: str,
    actor: str,
    action: dict,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
    now: datetime,
):
    ack()
    candidate, req = get_candidate(db, CandidateRef.parse(action.get("value")).candidate_id)
    service.check_may_offer(db, candidate, req, actor, settings.bot_admins)
    view = ui.offer_modal(playbook, candidate, req, settings.today(now))
    client.views_open(trigger_id=trigger_id, view=view)


@listener
def on_prepare(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref, actor, today = CandidateRef.parse(view.get("private_metadata")), actor, settings.today(now)

    def change():
        form = OfferForm.read(view, playbook=playbook, today=today)
        offer = service.prepare(db, playbook, settings, ref.candidate_id, form, actor=actor, now=now)
        return offer, *get_candidate(db, offer.candidate_id)

    done = accept_form(ack, db, change, view=view, now=now, block=ids.BASE)
    if done is not None:
        return lambda: notify.prepared(client, db, playbook, *done.value)


@listener
def on_approve(actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now):
    ref = ids.OfferRef.parse(action.get("value"))
    decided = service.decide(db, settings, ref.offer_id, actor=actor, approve=True, form=None, now=now)
    return lambda: notify.decided(client, db, playbook, *decided)


@listener
def on_open_reject(ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session, settings: Settings):
    ack()
    offer, candidate, req = service.get_offer(db, ids.OfferRef.parse(action.get("value")).offer_id)
    check_may_decide(req, actor, settings.bot_admins)
    service.check_may_move(offer, candidate, req, OfferStatus.REJECTED)
    client.views_open(trigger_id=trigger_id, view=ui.reject_modal(offer))


@listener
def on_reject(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.OfferRef.parse(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: service.decide(
            db, settings, ref.offer_id, actor=actor, approve=False, form=RejectForm.read(view), now=now
        ),
        view=view,
        now=now,
        block=ids.REJECT_REASON,
    )
    if done is not None:
        return lambda: notify.decided(client, db, playbook, *done.value)


def _open_outcome(
    ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session, settings: Settings, outcome
):
    ack()
    offer, candidate, req = service.get_offer(db, ids.OfferRef.parse(action.get("value")).offer_id)
    check_may_manage(req, actor, settings.bot_admins, "offer")
    service.check_may_move(offer, candidate, req, outcome)
    build = ui.accept_modal if outcome is OfferStatus.ACCEPTED else ui.decline_modal
    client.views_open(trigger_id=trigger_id, view=build(offer, candidate))


@listener
def on_open_accept(ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session, settings: Settings):
    _open_outcome(ack, trigger_id, actor, action, client, db, settings, OfferStatus.ACCEPTED)


@listener
def on_open_decline(ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session, settings: Settings):
    _open_outcome(ack, trigger_id, actor, action, client, db, settings, OfferStatus.DECLINED)


@listener
def on_accept(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.OfferRef.parse(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: service.accept(db, settings, ref.offer_id, AcceptForm.read(view), actor=actor, now=now),
        view=view,
        now=now,
        block=ids.EMAIL,
    )
    if done is not None:
        return lambda: notify.accepted(client, db, playbook, done.value)


@listener
def on_decline(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.OfferRef.parse(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: service.decline(db, settings, ref.offer_id, OfferDeclineForm.read(view), actor=actor, now=now),
        view=view,
        now=now,
        block=ids.DECLINE_REASON,
    )
    if done is not None:
        return lambda: notify.declined(client, db, playbook, *done.value)


@listener
def on_withdraw(actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now):
    ref = ids.OfferRef.parse(action.get("value"))
    done = service.withdraw(db, settings, ref.offer_id, actor=actor, now=now)
    return lambda: notify.withdrawn(client, db, playbook, *done)


@listener
def on_team_join(event: dict, settings: Settings, now: datetime):
    """A member joined the workspace: if their email is an accepted offer's, tell its hiring manager."""
    user = event.get("user") if isinstance(event.get("user"), dict) else {}
    email, user_id = (user.get("profile") or {}).get("email"), user.get("id")
    if not isinstance(email, str) or not isinstance(user_id, str) or user.get("is_bot") or user.get("deleted"):
        return None
    return Later(("team_join", user_id), lambda db: joining.joined(db, settings, user_id, email, now))


@listener
def on_start_prepared(
    ack,
    trigger_id: str,
    actor: str,
    action: dict,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
):
    ack()
    ref = ids.PreparedRef.parse(action.get("value"))
    prepared, _, req = joining.prepared_for(db, ref.prepared_id, actor, settings.bot_admins)
    view = onboarding_ui.start_modal(
        playbook,
        manager=prepared.manager_id,
        default_channel=settings.onboarding_channel,
        requisitions=[req],
        new_hire=prepared.new_hire_id,
        specialization=prepared.specialization,
        requisition_id=req.id,
        start_date=prepared.start_date,
        candidate_id=prepared.candidate_id,
    )
    client.views_open(trigger_id=trigger_id, view=view)

"""An approved requisition's buttons: hold / resume, close, change the headcount (and its approval)."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects import requisition_life as notify
from bot.flows import access
from bot.flows.requisition import changes, ids, service
from bot.flows.requisition.forms import CloseForm, HeadcountForm
from bot.playbook import Playbook
from bot.requests.runner import accept_form, listener
from bot.ui import requisition_life as ui


def register(app: App) -> None:
    app.action(ids.HOLD)(on_hold)
    app.action(ids.RESUME)(on_resume)
    app.action(ids.CLOSE)(on_open_close)
    app.view(ids.CLOSE_CALLBACK)(on_close)
    app.action(ids.CHANGE_HEADCOUNT)(on_open_headcount)
    app.view(ids.HEADCOUNT_CALLBACK)(on_headcount)
    app.action(ids.HC_APPROVE)(on_headcount_answer)
    app.action(ids.HC_REJECT)(on_headcount_answer)


@listener
def on_hold(actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now):
    moved = changes.hold(db, settings, ids.RequisitionRef.parse(action.get("value")), actor=actor, now=now)
    return lambda: notify.status_changed(client, db, playbook, moved.requisition, actor, moved.ended)


@listener
def on_resume(actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now):
    moved = changes.resume(db, settings, ids.RequisitionRef.parse(action.get("value")), actor=actor, now=now)
    return lambda: notify.status_changed(client, db, playbook, moved.requisition, actor)


@listener
def on_open_close(
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
    req = service.get_requisition(db, ids.RequisitionRef.parse(action.get("value")).requisition_id)
    access.check_may_manage(req, actor, settings.bot_admins, "close")
    changes.check_hiring(req, "be closed")
    view = ui.close_modal(playbook, req, len(changes.in_loop(db, req.id)))
    client.views_open(trigger_id=trigger_id, view=view)


@listener
def on_close(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.RequisitionRef.parse(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: changes.close(db, settings, ref, CloseForm.read(view), actor=actor, now=now),
        view=view,
        now=now,
        block=ids.CLOSE_REASON,
    )
    if done is not None:
        return lambda: notify.closed(client, db, playbook, done.value, actor)


@listener
def on_open_headcount(
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
    req = service.get_requisition(db, ids.RequisitionRef.parse(action.get("value")).requisition_id)
    access.check_may_manage(req, actor, settings.bot_admins, "headcount")
    changes.check_hiring(req, "change its headcount")
    client.views_open(trigger_id=trigger_id, view=ui.headcount_modal(playbook, req))


@listener
def on_headcount(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.RequisitionRef.parse(view.get("private_metadata"))
    today = settings.today(now)
    done = accept_form(
        ack,
        db,
        lambda: changes.change_headcount(
            db, settings, ref, HeadcountForm.read(view), actor=actor, today=today, now=now
        ),
        view=view,
        now=now,
        block=ids.HC_HEADCOUNT,
    )
    if done is not None:
        return lambda: notify.headcount_changed(client, db, playbook, done.value, actor)


@listener
def on_headcount_answer(
    actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.HeadcountRef.parse(action.get("value"))
    approve = action.get("action_id") == ids.HC_APPROVE
    req = changes.decide_headcount(db, settings, ref, actor=actor, approve=approve, now=now)
    return lambda: notify.headcount_answered(client, playbook, req, ref.headcount, approve, actor)

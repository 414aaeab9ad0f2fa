"""/ml-req and its modal, decision buttons and reason modal."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects import requisition as notify
from bot.flows import access
from bot.flows.requisition import ids, lifecycle, service
from bot.flows.requisition.command import parse
from bot.flows.requisition.forms import IntakeForm, ReasonForm
from bot.models import RequisitionStatus
from bot.mrkdwn import escape
from bot.nudges.rows import remember_zones
from bot.playbook import Playbook
from bot.requests.runner import accept_form, listener
from bot.slack import look_up, tell_if_not_people, unverified
from bot.ui import requisition as ui
from bot.ui import requisition_intake as intake_ui
from bot.ui import requisition_life as life_ui


def register(app: App) -> None:
    app.command(ids.COMMAND)(on_command)
    app.view(ids.INTAKE_CALLBACK)(on_intake_submit)
    app.action(ids.APPROVE)(on_approve)
    app.action(ids.REQUEST_CHANGES)(on_ask_reason)
    app.action(ids.REJECT)(on_ask_reason)
    app.view(ids.REASON_CALLBACK)(on_reason_submit)
    app.action(ids.SHOW_JD)(on_show_jd)
    app.action(ids.REVISE)(on_open_revise)
    app.view(ids.REVISE_CALLBACK)(on_revise_submit)


@listener
def on_command(
    ack,
    command: dict,
    trigger_id: str,
    actor: str,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
):
    request = parse(command.get("text"))
    if request.action == "open":
        ack()
        client.views_open(
            trigger_id=trigger_id,
            view=intake_ui.blank_intake_modal(playbook, default_channel=settings.hiring_channel),
        )
    elif request.action == "help":
        ack(text=ui.USAGE, response_type="ephemeral")
    elif request.action == "list":
        everyone = request.everyone and settings.is_admin(actor)
        rows = service.list_for_user(db, actor, everyone=everyone)
        text, blocks = ui.list_message(playbook, rows, everyone=everyone, refused_all=request.everyone and not everyone)
        ack(text=text, blocks=blocks, response_type="ephemeral")
    elif request.action == "show":
        req = service.get_by_number(db, request.requisition_id)  # what people type is the number
        service.check_hiring_team(db, req, actor, settings.bot_admins)
        text, blocks = life_ui.show_message(playbook, service.assess(playbook, req), lifecycle.history(db, req.id))
        ack(text=text, blocks=blocks, response_type="ephemeral")
    elif request.action == "bad_number":
        ack(text=f"`{escape(request.typed)[:20]}` is not a requisition number.\n{ui.USAGE}", response_type="ephemeral")
    else:
        ack(text=f"I don't know `{escape(request.typed)[:100]}`.\n{ui.USAGE}", response_type="ephemeral")


@listener
def on_intake_submit(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    user, today = actor, settings.today(now)
    approver = IntakeForm.peek(view, "approver")  # looked up before the form is read: it checks them
    people = look_up(client, approver - {user})

    def create():
        intake = IntakeForm.read(
            view, playbook=playbook, submitter=user, today=today, default_channel=settings.hiring_channel, people=people
        )
        remember_zones(db, {p.user_id: p.tz for p in people.values() if p.found}, now)  # reminders in their zone
        return service.create_requisition(db, playbook, settings, intake, hiring_manager=user, today=today, now=now)

    if (done := accept_form(ack, db, create, view=view, now=now)) is not None:

        def tell():
            notify.announce(client, playbook, done.value)
            tell_if_not_people(client, unverified(approver, people), tell=user, what="the approver")

        return tell


@listener
def on_approve(
    ack, actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.RequisitionRef.parse(action.get("value"))
    req = service.decide(
        db,
        ref.requisition_id,
        actor=actor,
        decision=RequisitionStatus.APPROVED,
        reason=None,
        admins=settings.bot_admins,
        now=now,
        playbook=playbook,
        revision=ref.revision,
    )
    return lambda: notify.publish_decision(client, db, playbook, req)


@listener
def on_ask_reason(
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
    ref = ids.RequisitionRef.parse(action.get("value"))
    req = service.get_requisition(db, ref.requisition_id)
    access.check_may_decide(req, actor, settings.bot_admins)
    service.check_open(req)
    service.check_revision(req, ref.revision)
    decision = "changes_requested" if action["action_id"] == ids.REQUEST_CHANGES else "rejected"
    meta = ids.ReasonMeta(requisition_id=req.id, decision=decision, revision=ref.revision)
    client.views_open(trigger_id=trigger_id, view=ui.reason_modal(meta, ui.title(playbook, req)))


@listener
def on_reason_submit(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    meta = ids.ReasonMeta.parse(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: service.decide(
            db,
            meta.requisition_id,
            actor=actor,
            decision=RequisitionStatus(meta.decision),
            reason=ReasonForm.read(view).reason,
            admins=settings.bot_admins,
            now=now,
            playbook=playbook,
            revision=meta.revision,
        ),
        view=view,
        now=now,
        block=ids.REASON,
    )
    if done is not None:
        return lambda: notify.publish_decision(client, db, playbook, done.value)


@listener
def on_show_jd(
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
    ref = ids.RequisitionRef.parse(action.get("value"))
    req = service.get_requisition(db, ref.requisition_id)
    service.check_hiring_team(db, req, actor, settings.bot_admins)
    client.views_open(trigger_id=trigger_id, view=ui.job_description_modal(notify.job_description(playbook, req)))


@listener
def on_open_revise(
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
    ref = ids.RequisitionRef.parse(action.get("value"))
    req = service.get_requisition(db, ref.requisition_id)
    access.check_may_manage(req, actor, settings.bot_admins, "revise")
    lifecycle.check_revisable(req)
    current = lifecycle.current_form(req).block_values()
    view = intake_ui.intake_modal(
        playbook, default_channel=req.channel_id, current=current, revising=ref, number=req.number
    )
    client.views_open(trigger_id=trigger_id, view=view)


@listener
def on_revise_submit(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref, user, today = ids.RequisitionRef.parse(view.get("private_metadata")), actor, settings.today(now)
    approver = IntakeForm.peek(view, "approver")
    people = look_up(client, approver - {user})

    def change():
        req = service.get_requisition(db, ref.requisition_id)
        form = IntakeForm.read(
            view,
            playbook=playbook,
            submitter=req.hiring_manager_id,
            today=today,
            default_channel=req.channel_id,
            people=people,
        )
        remember_zones(db, {p.user_id: p.tz for p in people.values() if p.found}, now)
        return lifecycle.revise(db, playbook, settings, ref, form, actor=user, today=today, now=now)

    if (done := accept_form(ack, db, change, view=view, now=now)) is not None:
        return lambda: notify.publish_revision(client, playbook, done.value)

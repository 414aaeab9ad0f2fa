"""/ml-onboard, its modal, checklist ticks and check-in forms."""

from __future__ import annotations

import re
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects import onboarding as notify
from bot.errors import Conflict, NotAllowed
from bot.flows import access
from bot.flows.interviews.service import approved_requisitions
from bot.flows.onboarding import ids, service
from bot.flows.onboarding.forms import CheckInForm, StartForm
from bot.mrkdwn import escape
from bot.nudges.rows import remember_zones
from bot.playbook import Playbook
from bot.requests.runner import accept_form, listener
from bot.slack import look_up, tell_if_not_people, unverified
from bot.ui import onboarding as ui

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(\|[^>]*)?>$")


def register(app: App) -> None:
    app.command(ids.COMMAND)(on_command)
    app.view(ids.START_CALLBACK)(on_start)
    app.action(ids.TICK)(on_tick)
    app.action(ids.CHECKIN_OPEN)(on_open_check_in)
    app.view(ids.CHECKIN_CALLBACK)(on_check_in)


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
    words = (command.get("text") or "").split()
    user = actor
    if not words:
        ack()
        client.views_open(
            trigger_id=trigger_id,
            view=ui.start_modal(
                playbook,
                manager=user,
                default_channel=settings.onboarding_channel,
                requisitions=approved_requisitions(db, user, settings.bot_admins),
            ),
        )
        return
    verb = words[0].lower()
    if verb == "list" and len(words) == 1:
        rows = service.visible(db, user, settings.bot_admins)
        text, blocks = ui.list_message(rows, service.progress(db, [o.id for o in rows]))
        ack(text=text, blocks=blocks, response_type="ephemeral")
        return
    if verb == "status" and len(words) == 2 and (m := MENTION.match(words[1])):
        try:
            ob = service.status_of(db, m[1], user=user, admins=settings.bot_admins)
        except NotAllowed as exc:
            ack(text=str(exc), response_type="ephemeral")
            return
        text, blocks = ui.status_message(playbook, ob, service.items(db, ob.id), service.answered(db, ob.id))
        ack(text=text, blocks=blocks, response_type="ephemeral")
        return
    if verb == "status" and len(words) >= 2:
        ack(
            text="Mention the person so Slack links them: type `/ml-onboard status @` and pick them from the list "
            "(a plain name is not enough to know who you mean).",
            response_type="ephemeral",
        )
        return
    prefix = "" if verb == "help" else f"I don't know `{escape(' '.join(words))[:100]}`.\n"
    ack(text=prefix + ui.USAGE, response_type="ephemeral")


@listener
def on_start(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    meta = ids.StartMeta.of(view.get("private_metadata"))  # the hire it was opened for, if any
    picked = StartForm.peek(view, "new_hire", "manager", "buddy")  # looked up first: the form checks them
    people = look_up(client, picked)

    def start():
        form = StartForm.read(
            view,
            playbook=playbook,
            people=people,
            submitter=actor,
            admin=settings.is_admin(actor),
            today=settings.today(now),
            default_channel=settings.onboarding_channel,
        )
        remember_zones(db, {p.user_id: p.tz for p in people.values() if p.found}, now)
        return service.start(db, playbook, settings, form, created_by=actor, now=now, candidate_id=meta.candidate_id)

    if (done := accept_form(ack, db, start, view=view, now=now)) is None:
        return None
    ob = done.value

    def tell():
        tell_if_not_people(client, unverified(picked, people), tell=actor, what="part of an onboarding")
        notify.started(client, db, playbook, ob, actor)

    return tell


@listener
def on_tick(
    ack,
    body: dict,
    actor: str,
    action: dict,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
    now: datetime,
):
    ref = ids.ItemRef.parse(action.get("value"))
    ob, item = service.tick(db, ref.item_id, user=actor, admins=settings.bot_admins, now=now)
    clicked_ts = (body.get("container") or {}).get("message_ts")

    return lambda: notify.ticked(client, db, playbook, ob, item, actor, clicked_ts)


@listener
def on_open_check_in(
    ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session, playbook: Playbook
):
    ack()
    ref = ids.CheckInRef.parse(action.get("value"))
    ob = service.get(db, ref.onboarding_id)
    access.check_respondent(ob, ref.role, actor)
    if (ref.day, ref.role) in service.answered(db, ob.id):
        raise Conflict(f"You already answered the day-{ref.day} check-in. Thank you!")
    client.views_open(trigger_id=trigger_id, view=ui.check_in_modal(playbook, ref))


@listener
def on_check_in(ack, actor: str, view: dict, client: WebClient, db: Session, playbook: Playbook, now: datetime):
    ref = ids.CheckInRef.parse(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: service.record_check_in(
            db,
            playbook,
            ref,
            CheckInForm.read(view, role=ref.role, retention=retention_keys(playbook, ref.day)).answer(playbook, ref),
            user=actor,
            now=now,
        ),
        view=view,
        now=now,
        block=ids.NOTES,
    )
    if done is not None:
        return lambda: notify.after_check_in(client, db, playbook, done.value)


def retention_keys(playbook: Playbook, day: int) -> list[str]:
    """The retention scores a check-in asks on `day` (none in the first months)."""
    return list(playbook.onboarding.retention.scores) if playbook.onboarding.is_retention(day) else []

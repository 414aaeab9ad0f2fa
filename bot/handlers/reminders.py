"""Snooze / Stop on nudge messages, personal quiet hours, and `/ml-report nudges` for admins."""

from __future__ import annotations

from datetime import datetime, time

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.flows.reminders import ids, service
from bot.flows.reminders.registry import KINDS
from bot.flows.state import state_values
from bot.handlers.base import accept_form, transactional
from bot.ui import reminders as ui

REPORT_USAGE = "*/ml-report nudges*: pending, overdue and failed reminders, with who and why (admins)."


def register(app: App) -> None:
    app.action(ids.SNOOZE)(on_snooze)
    app.action(ids.STOP)(on_stop)
    app.action(ids.SET_QUIET)(on_open_quiet_hours)
    app.view(ids.QUIET_CALLBACK)(on_quiet_hours)
    app.command("/ml-report")(on_report)


def _settle(client: WebClient, body: dict, note: str) -> None:
    """Replace the clicked message's Snooze / Stop buttons with what was done."""
    message, container = body.get("message") or {}, body.get("container") or {}
    if message.get("blocks") and container.get("channel_id") and container.get("message_ts"):
        client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                           text=message.get("text") or note, blocks=ui.settled(message["blocks"], note))


@transactional
def on_snooze(ack, body: dict, action: dict, client: WebClient, db: Session, settings: Settings, now: datetime):
    ack()
    ref = ids.NudgeRef.model_validate_json(action["value"])
    again = service.snooze(db, settings, ref.nudge_id, body["user"]["id"], now)
    db.commit()
    when = int(again.due_at.timestamp())
    _settle(client, body, f":zzz: Snoozed until <!date^{when}^{{date_short_pretty}} at {{time}}|{again.due_at:%d %b %H:%M} UTC>.")


@transactional
def on_stop(ack, body: dict, action: dict, client: WebClient, db: Session, now: datetime):
    ack()
    ref = ids.NudgeRef.model_validate_json(action["value"])
    nudge = service.stop(db, ref.nudge_id, body["user"]["id"], now)
    db.commit()
    label = KINDS[nudge.kind].label if nudge.kind in KINDS else "these reminders"
    _settle(client, body, f":no_bell: Stopped: you will not get {label} again.")


@transactional
def on_open_quiet_hours(ack, body: dict, client: WebClient, db: Session):
    ack()
    start, end = service.quiet_hours_of(db, body["user"]["id"])
    client.views_open(trigger_id=body["trigger_id"], view=ui.quiet_hours_modal(start, end))


def _time(view: dict, block_id: str) -> time | None:
    raw = state_values(view).get(block_id)
    return time.fromisoformat(raw) if raw else None


@transactional
def on_quiet_hours(ack, body: dict, view: dict, db: Session, settings: Settings, now: datetime):
    accept_form(ack, db, lambda: service.set_quiet_hours(db, settings, body["user"]["id"],
                                                         _time(view, ids.QUIET_START), _time(view, ids.QUIET_END), now))


@transactional
def on_report(ack, command: dict, db: Session, settings: Settings, now: datetime):
    words = (command.get("text") or "").lower().split()
    if words != ["nudges"]:
        ack(text=REPORT_USAGE, response_type="ephemeral")
        return
    if not settings.is_admin(command["user_id"]):
        ack(text="Only admins (BOT_ADMINS) can see the reminder report.", response_type="ephemeral")
        return
    text, blocks = ui.report_blocks(service.report(db, now))
    ack(text=text, blocks=blocks, response_type="ephemeral")

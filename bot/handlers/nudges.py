"""Snooze / Stop on nudge messages, personal quiet hours, and requeueing failed reminders (admins)."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects.nudges import settle
from bot.flows.nudges import ids, service
from bot.flows.nudges import report as nudge_report
from bot.flows.nudges.forms import QuietHoursForm
from bot.flows.nudges.registry import KINDS
from bot.playbook import Playbook
from bot.requests.runner import accept_form, listener
from bot.ui import nudges as ui
from bot.ui import words
from bot.ui.blocks import section


def register(app: App) -> None:
    app.action(ids.SNOOZE)(on_snooze)
    app.action(ids.STOP)(on_stop)
    app.action(ids.SET_QUIET)(on_open_quiet_hours)
    app.view(ids.QUIET_CALLBACK)(on_quiet_hours)
    app.action(ids.RETRY_FAILED)(on_retry_failed)


@listener
def on_snooze(
    ack, actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = ids.NudgeRef.parse(action.get("value"))
    again = service.snooze(db, settings, ref.nudge_id, actor, now)
    when = int(again.due_at.timestamp())
    note = f":zzz: Snoozed until <!date^{when}^{{date_short_pretty}} at {{time}}|{again.due_at:%d %b %H:%M} UTC>."
    return lambda: settle(client, db, playbook, ref.nudge_id, note)


@listener
def on_stop(ack, actor: str, action: dict, client: WebClient, db: Session, playbook: Playbook, now: datetime):
    ref = ids.NudgeRef.parse(action.get("value"))
    nudge = service.stop(db, ref.nudge_id, actor, now)
    label = KINDS[nudge.kind].label if nudge.kind in KINDS else "these reminders"
    return lambda: settle(client, db, playbook, ref.nudge_id, f":no_bell: Stopped: you will not get {label} again.")


@listener
def on_open_quiet_hours(ack, trigger_id: str, actor: str, client: WebClient, db: Session):
    ack()
    start, end = service.quiet_hours_of(db, actor)
    client.views_open(trigger_id=trigger_id, view=ui.quiet_hours_modal(start, end))


@listener
def on_quiet_hours(ack, actor: str, view: dict, db: Session, settings: Settings, now: datetime):
    def change():
        form = QuietHoursForm.read(view)
        service.set_quiet_hours(db, settings, actor, form.start, form.end, now)

    accept_form(ack, db, change, view=view, now=now)


@listener
def on_retry_failed(ack, actor: str, db: Session, settings: Settings, respond, now: datetime):
    count = service.requeue_failed_as(db, actor, settings.bot_admins, now)

    def show():
        done = (
            f":repeat: Requeued {words.count(count, 'failed reminder')}: the next sweep sends them."
            if count
            else "Nothing to retry: no reminder has failed since the last retry. The report below is as of now."
        )
        _, blocks = ui.report_blocks(nudge_report.report(db, now))
        respond(text=done, blocks=[section(done), *blocks][:50], response_type="ephemeral", replace_original=True)

    return show

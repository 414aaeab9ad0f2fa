"""Settings kept in Slack: the admins' Settings modal, opened from App Home."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.flows.access import check_admin
from bot.flows.settings import ids, service
from bot.flows.settings.forms import SettingsForm
from bot.playbook import Playbook
from bot.requests.runner import accept_form, listener
from bot.slack import FORM_BUDGET, admin_problem, channel_problem, look_up
from bot.ui import settings as ui


def register(app: App) -> None:
    app.action(ids.OPEN)(on_open)
    app.view(ids.CALLBACK)(on_save)


@listener
def on_open(ack, trigger_id: str, actor: str, client: WebClient, db: Session, settings: Settings):
    check_admin(actor, settings.bot_admins, "settings")
    view = ui.settings_modal(settings, service.history(db), service.version(db))
    ack()
    client.views_open(trigger_id=trigger_id, view=view)


@listener
def on_save(
    ack,
    actor: str,
    view: dict,
    client: WebClient,
    db: Session,
    context,
    playbook: Playbook,
    now: datetime,
):
    ref = ids.SettingsRef.parse(view.get("private_metadata"))
    base: Settings = context["base_settings"]
    form = SettingsForm.read(view)
    # Slack says what exists, within the form's 1.5 s before its acknowledgement (what it cannot answer in
    # time is let through, as a person Slack cannot answer for is)
    people = look_up(client, set(form.admins), budget=FORM_BUDGET / 2)
    problems = service.Problems(
        admins=next(filter(None, (admin_problem(people.get(u)) for u in form.admins)), None),
        hiring_channel=channel_problem(client, form.hiring_channel, timeout=FORM_BUDGET / 4),
        onboarding_channel=channel_problem(client, form.onboarding_channel, timeout=FORM_BUDGET / 4),
    )

    def change() -> Settings:
        service.save(db, base, actor, form, ref.version, now, problems)
        return service.effective(db, base)

    saved = accept_form(ack, db, change, view=view, now=now)
    if saved is None:
        return None
    from bot.effects.home import publish_home

    def after() -> None:
        context["settings_in_force"].forget(
            context["workspace"]
        )  # saved and committed: this process reads them on its next request
        publish_home(db, client, playbook, saved.value, actor, now)

    return after

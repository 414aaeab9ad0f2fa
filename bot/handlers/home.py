"""The App Home tab, and direct messages to the bot (answered with what it can do)."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.flows.interviews import service as interviews
from bot.flows.onboarding import service as onboarding
from bot.flows.reports import dashboard
from bot.flows.requisition import service
from bot.flows.settings import service as settings_service
from bot.playbook import Playbook
from bot.requests.runner import Later, listener
from bot.slack import best_effort
from bot.ui import home as ui
from bot.ui import settings as settings_ui


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
    app.event("message")(on_direct_message)


@listener
def on_home_opened(event: dict, client: WebClient, playbook: Playbook, settings: Settings, now: datetime):
    """Publish the Home tab in the background (bot.requests.background): opens by the same person coalesce."""
    user = event.get("user")
    if event.get("tab") not in (None, "home") or not isinstance(user, str):
        return None
    return Later(("home", user), lambda db: publish_home(db, client, playbook, settings, user, now))


def publish_home(
    db: Session, client: WebClient, playbook: Playbook, settings: Settings, user: str, now: datetime
) -> None:
    """The Home tab: the dashboard (admins, hiring managers, approvers), what waits on the person, their
    requisitions and onboardings, and for admins the Settings section."""
    mine = onboarding.visible(db, user, frozenset())
    admin = settings.is_admin(user)
    client.views_publish(
        user_id=user,
        view=ui.home_view(
            playbook,
            service.list_for_user(db, user),
            interviews.open_interviews_for(db, user),
            mine,
            onboarding.progress(db, [o.id for o in mine]),
            dashboard=dashboard.dashboard(db, playbook, settings, user, now),
            settings=settings_ui.home_section(settings, settings_service.shown(settings)) if admin else None,
        ),
    )


@listener
def on_direct_message(event: dict, client: WebClient):
    """A person writing to the bot gets what it can do (never an echo of what they wrote), in the
    background; several messages in a row get one answer."""
    if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype") or not event.get("user"):
        return None  # the bot's own messages, edits, joins: nothing to answer
    channel = event.get("channel") or event["user"]
    return Later(
        ("dm", event["user"]),
        lambda db: best_effort("answer a direct message", client.chat_postMessage, channel=channel, text=ui.DM_USAGE),
    )

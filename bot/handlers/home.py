"""The App Home tab, and direct messages to the bot (answered with what it can do)."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient

from bot.config import Settings
from bot.effects import home as home_effects
from bot.playbook import Playbook
from bot.requests.runner import Later, listener


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
    app.event("message")(on_direct_message)


@listener
def on_home_opened(event: dict, client: WebClient, playbook: Playbook, settings: Settings, now: datetime):
    """Publish the Home tab in the background (bot.requests.background): opens by the same person coalesce."""
    user = event.get("user")
    if event.get("tab") not in (None, "home") or not isinstance(user, str):
        return None
    return Later(("home", user), lambda db: home_effects.publish_home(db, client, playbook, settings, user, now))


@listener
def on_direct_message(event: dict, client: WebClient):
    """A person writing to the bot gets what it can do (never an echo of what they wrote), in the
    background; several messages in a row get one answer."""
    if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype") or not event.get("user"):
        return None  # the bot's own messages, edits, joins: nothing to answer
    channel = event.get("channel") or event["user"]
    return Later(
        ("dm", event["user"]),
        lambda db: home_effects.answer_direct_message(client, channel),
    )

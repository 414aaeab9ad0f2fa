"""Requests no other listener takes: a button or form of a message an older version of the bot posted
(its action or callback id is gone), a command the manifest names that this version does not serve, and
what Slack sends that the bot has no use for (events it does not use, view_closed, shortcuts and options it
does not have). Bolt would answer them 404, which Slack shows the person as a failure and retries for
events; here they are acknowledged, and a person who pressed or submitted something is told that nothing
changed. Registered last, so every real listener is tried first. Request types no listener can be
registered for (app_rate_limited) are answered 200 by the WSGI layer (bot.requests.web).
"""

from __future__ import annotations

import re

from slack_bolt import App

from bot.errors import BadRequest
from bot.requests.runner import listener

ANY = re.compile(r".*", re.DOTALL)
STALE = (
    "This button or form belongs to an older version of the bot, so nothing was changed. "
    "Use its latest message, or run the command again."
)


def register(app: App) -> None:
    app.action(ANY)(on_unknown_action)
    app.view_submission(ANY)(on_unknown_form)
    app.command(ANY)(on_unknown_command)
    app.event(ANY)(on_other)
    app.view_closed(ANY)(on_other)
    app.shortcut(ANY)(on_other)
    app.options(ANY)(on_no_options)


@listener
def on_other(ack):
    ack()


@listener
def on_no_options(ack):
    ack(options=[])


@listener
def on_unknown_action(ack):
    ack()
    raise BadRequest(STALE)


@listener
def on_unknown_form():
    raise BadRequest(STALE)  # answered inline on the form, or the form is replaced by this note


@listener
def on_unknown_command(command: dict):
    name = command.get("command") if isinstance(command.get("command"), str) else "That command"
    raise BadRequest(f"{name[:40]} is not one of this bot's commands: try /ml-req help.")

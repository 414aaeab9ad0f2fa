"""The one error handler: domain errors become a message the user can act on; anything else
is logged with an id the user is shown."""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App

from bot.errors import DomainError

log = logging.getLogger("bot.errors")


def user_message(error: Exception) -> str:
    if isinstance(error, DomainError):
        return str(error)
    error_id = uuid.uuid4().hex[:10]
    log.error("unhandled error", exc_info=error, extra={"error_id": error_id})
    return (
        f":warning: Something went wrong on our side (error id `{error_id}`). "
        "Try again; if it keeps happening, give this id to your admin."
    )


def report_error(error: Exception, *, context, respond, client) -> None:
    """Tell the person who hit `error`: ephemerally where Slack gave a response_url, else by DM."""
    message = user_message(error)
    try:
        if context.response_url:
            respond(text=message, response_type="ephemeral", replace_original=False)
        elif context.user_id:
            client.chat_postMessage(channel=context.user_id, text=message)
    except Exception:  # the user could not be told; the log still has it
        log.exception("could not report an error to the user", extra={"user": context.user_id})


def register(app: App) -> None:
    def on_error(error: Exception, context, respond, client):
        report_error(error, context=context, respond=respond, client=client)

    app.error(on_error)

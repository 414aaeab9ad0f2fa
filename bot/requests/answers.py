"""The one error path of the front door: what a person is told when their request could not be done.

A domain error (bot.errors) is the message itself; a concurrent write that won is a Conflict; anything
else is the bot's own fault, logged with an id the person is shown. Before the acknowledgement the answer
is the acknowledgement (an inline error on a form, an ephemeral line for a command); after it, an
ephemeral reply where Slack gave a response_url, else a DM. The runner and Bolt's `@app.error` (for what
fails outside any listener) both answer through here.
"""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App
from sqlalchemy.exc import IntegrityError

from bot.errors import Conflict, DomainError, FormErrors, NotFound
from bot.flows.inputs import first_input_block
from bot.ui.blocks import notice_modal, without_pressed

log = logging.getLogger("bot.errors")

SAVED_ELSEWHERE = "This was just saved by another submission; open it again to see the latest."


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
    """Bolt's one error handler: what fails outside the runner (a middleware, Bolt itself) is answered too."""

    def on_error(error: Exception, context, respond, client):
        report_error(error, context=context, respond=respond, client=client)

    app.error(on_error)


def domain_error(error: Exception) -> DomainError | None:
    """The message a person can act on for `error`, or None when it is the bot's own fault."""
    if isinstance(error, DomainError):
        return error
    if isinstance(error, IntegrityError):  # a concurrent request stored the same thing first
        return Conflict(SAVED_ELSEWHERE)
    return None


def answer_before_ack(error: Exception, *, ack, body: dict, context, respond, client) -> None:
    """A listener failed before acknowledging: answer Slack 200 with something the person can act on."""
    error = domain_error(error) or error
    kind = body.get("type")
    if kind == "view_submission" and isinstance(error, FormErrors):
        ack(response_action="errors", errors=error.errors)
    elif kind == "view_submission":
        message = user_message(error)
        view = body.get("view") if isinstance(body.get("view"), dict) else {}
        if block := first_input_block(view):
            ack(response_action="errors", errors={block: message[:2000]})
        else:
            ack(response_action="update", view=notice_modal("Not saved", message))
    elif "command" in body:
        ack(text=user_message(error), response_type="ephemeral")
    else:
        ack()
        report_error(error, context=context, respond=respond, client=client)
        retire_pressed(error, body, respond)


def retire_pressed(error: Exception, body: dict, respond) -> None:
    """A button pressed after what it would change has moved on (a Conflict: closed, decided, withdrawn,
    answered; or a record that is gone) is taken off the message it was pressed on, which then says why.
    It goes through the response_url Slack scoped to that message, never a channel or timestamp the
    payload names. Other refusals (not yours to press, a damaged value) leave the buttons for others."""
    message, pressed = body.get("message"), (body.get("actions") or [{}])[0]
    if body.get("type") != "block_actions" or not isinstance(error, Conflict | NotFound):
        return
    if not isinstance(message, dict) or not body.get("response_url") or not isinstance(pressed, dict):
        return
    blocks = without_pressed(message.get("blocks"), pressed.get("block_id"), pressed.get("action_id"), str(error))
    try:
        respond(replace_original=True, text=message.get("text") or str(error), blocks=blocks)
    except Exception as exc:  # the message could not be changed (its response_url expired): the person was told
        log.warning("could not retire a pressed button", extra={"error": type(exc).__name__})

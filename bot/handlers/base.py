"""What every request gets: settings, playbook, one clock reading and one lazy DB session.

`transactional` wraps a listener so that its session is committed when it returns and rolled
back when it raises (see bot.db for why this is not done in the middleware itself). It is also
where a request that went wrong is answered: nothing a person sends gets a 5xx.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from slack_bolt import App
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.errors import Conflict, DomainError, FormErrors
from bot.flows import submissions
from bot.flows.state import first_input_block, input_problems
from bot.playbook import Playbook
from bot.ui.blocks import notice_modal

T = TypeVar("T")

log = logging.getLogger("bot.requests")

SAVED_ELSEWHERE = "This was just saved by another submission; open it again to see the latest."


def install_middleware(
    app: App, *, settings: Settings, playbook: Playbook, session_factory: sessionmaker[Session], clock: Callable
) -> None:
    def request_context(body, context, next):
        context["settings"] = settings
        context["playbook"] = playbook
        context["now"] = clock()
        context["db"] = session_factory()  # connects only when first used
        view = body.get("view") if isinstance(body.get("view"), dict) else {}
        first = (body.get("actions") or [{}])[0] if isinstance(body.get("actions"), list) else {}
        log.info(
            "slack request",
            extra={
                "kind": body.get("type") or ("command" if "command" in body else None),
                "command": body.get("command"),
                "callback_id": view.get("callback_id"),
                "action_id": first.get("action_id") if isinstance(first, dict) else None,
                "user": context.user_id,
            },
        )
        next()

    app.middleware(request_context)


def domain_error(error: Exception) -> DomainError | None:
    """The message a person can act on for `error`, or None when it is the bot's own fault."""
    if isinstance(error, DomainError):
        return error
    if isinstance(error, IntegrityError):  # a concurrent request stored the same thing first
        return Conflict(SAVED_ELSEWHERE)
    return None


def answer_before_ack(error: Exception, *, ack, body: dict, context, respond, client) -> None:
    """A listener failed before acknowledging: answer Slack 200 with something the person can act on."""
    from bot.handlers.errors import report_error, user_message

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


def transactional(listener: Callable) -> Callable:
    """Run `listener` in the request's unit of work: commit when it returns, roll back if it raises.

    The listener declares the arguments it wants by name, as with Bolt (`ack`, `body`, `client`,
    `respond`, `context`, `logger`, `payload`, plus `action`/`view`/`command`/`event` for the
    payload, and the context's `db`, `settings`, `playbook`, `now`).

    Every view submission is first checked against the limits no form accepts (text length,
    control characters, forged ids: `bot.flows.state.input_problems`); the listener never sees
    such a submission. An error is answered here whether or not the listener had acknowledged:
    before ack() as an inline error (modals) or an ephemeral note, after it through
    `report_error`. Bolt never sees it, so no request is answered 500 and nothing it logs carries
    the payload.
    """
    from bot.handlers.errors import report_error

    wanted = list(inspect.signature(listener).parameters)

    def run(ack, body, payload, client, context, respond, logger):
        available = {
            "ack": ack,
            "body": body,
            "client": client,
            "context": context,
            "respond": respond,
            "logger": logger,
            "payload": payload,
            "action": payload,
            "view": payload,
            "command": payload,
            "event": payload,
        }
        db: Session = context["db"]
        started, outcome = time.perf_counter(), "ok"
        try:
            if body.get("type") == "view_submission" and (problems := input_problems(payload)):
                outcome = "refused"
                ack(response_action="errors", errors=problems)
                return
            listener(**{name: available[name] if name in available else context[name] for name in wanted})
            db.commit()
        except Exception as error:
            outcome = type(error).__name__
            db.rollback()
            if ack.response is None:
                answer_before_ack(error, ack=ack, body=body, context=context, respond=respond, client=client)
            else:
                report_error(domain_error(error) or error, context=context, respond=respond, client=client)
        finally:
            db.close()
            log.info(
                "listener done",
                extra={
                    "listener": listener.__name__,
                    "outcome": outcome,
                    "user": context.user_id,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )

    run.__name__ = run.__qualname__ = listener.__name__
    return run


@dataclass(frozen=True)
class Accepted(Generic[T]):
    value: T


def accept_form(
    ack, db: Session, change: Callable[[], T], *, view: dict, now: datetime, block: str | None = None
) -> Accepted[T] | None:
    """Run a modal submission's state change once, then close the modal.

    The view's id is recorded in the same transaction as the change, so the same submission
    delivered twice (a double click, Slack's retry, two at once) changes things once; the second
    is told it was already received. Bad input is answered inline and nothing is kept: FormErrors
    on their own fields, any other domain error (and a concurrent write that won) on `block` or
    the form's first input. On success the change is committed *before* the modal closes, so
    what the user saw accepted is stored whatever happens next.
    """
    where = block or first_input_block(view) or ""
    try:
        if not submissions.claim(db, view, now):
            db.rollback()
            ack(response_action="update", view=notice_modal("Already received", submissions.ALREADY_RECEIVED))
            return None
        value = change()
        db.flush()
    except FormErrors as exc:
        db.rollback()
        ack(response_action="errors", errors=exc.errors)
        return None
    except Exception as exc:
        if (known := domain_error(exc)) is None:
            raise
        db.rollback()
        ack(response_action="errors", errors={where: str(known)[:2000]})
        return None
    db.commit()
    ack()
    return Accepted(value)

"""What every request gets: settings, playbook, one clock reading and one lazy DB session.

`transactional` wraps a listener so that its session is committed when it returns and rolled
back when it raises (see bot.db for why this is not done in the middleware itself).
"""

from __future__ import annotations

import inspect
import logging
import time
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from slack_bolt import App
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotAllowed
from bot.playbook import Playbook

T = TypeVar("T")

log = logging.getLogger("bot.requests")


def install_middleware(
    app: App, *, settings: Settings, playbook: Playbook, session_factory: sessionmaker[Session], clock: Callable
) -> None:
    def request_context(body, context, next):
        context["settings"] = settings
        context["playbook"] = playbook
        context["now"] = clock()
        context["db"] = session_factory()  # connects only when first used
        log.info(
            "slack request",
            extra={
                "kind": body.get("type") or ("command" if "command" in body else None),
                "command": body.get("command"),
                "callback_id": (body.get("view") or {}).get("callback_id"),
                "action_id": ((body.get("actions") or [{}])[0]).get("action_id"),
                "user": context.user_id,
            },
        )
        next()

    app.middleware(request_context)


def transactional(listener: Callable) -> Callable:
    """Run `listener` in the request's unit of work: commit when it returns, roll back if it raises.

    The listener declares the arguments it wants by name, as with Bolt (`ack`, `body`, `client`,
    `respond`, `context`, `logger`, `payload`, plus `action`/`view`/`command`/`event` for the
    payload, and the context's `db`, `settings`, `playbook`, `now`).

    An error raised after ack() is reported here, through the same `report_error` the app's
    error handler uses: Bolt's threaded runner loses the ack when a listener raises right after
    acknowledging (it resets the acknowledged response), and the request would then be
    answered 404. Errors before ack() go to Bolt, which answers 500 and calls the error handler.
    """
    from bot.handlers.errors import report_error

    wanted = list(inspect.signature(listener).parameters)

    def run(ack, body, payload, client, context, respond, logger):
        available = {
            "ack": ack, "body": body, "client": client, "context": context, "respond": respond, "logger": logger,
            "payload": payload, "action": payload, "view": payload, "command": payload, "event": payload,
        }
        db: Session = context["db"]
        started, outcome = time.perf_counter(), "ok"
        try:
            listener(**{name: available[name] if name in available else context[name] for name in wanted})
            db.commit()
        except Exception as error:
            outcome = type(error).__name__
            db.rollback()
            if ack.response is None:
                raise
            report_error(error, context=context, respond=respond, client=client)
        finally:
            db.close()
            log.info("listener done", extra={"listener": listener.__name__, "outcome": outcome, "user": context.user_id,
                                             "ms": round((time.perf_counter() - started) * 1000, 1)})

    run.__name__ = run.__qualname__ = listener.__name__
    return run


@dataclass(frozen=True)
class Accepted(Generic[T]):
    value: T


def accept_form(ack, db: Session, change: Callable[[], T], *, block: str | None = None) -> Accepted[T] | None:
    """Run a modal submission's state change, then close the modal.

    Bad input is answered inline and nothing is kept: FormErrors on their own fields, and (when
    `block` is given) a NotAllowed or Conflict on `block`; the caller gets None and stops. On
    success the change is committed *before* the modal closes, so what the user saw accepted is
    stored whatever happens next.
    """
    try:
        value = change()
    except FormErrors as exc:
        db.rollback()
        ack(response_action="errors", errors=exc.errors)
        return None
    except (Conflict, NotAllowed) as exc:
        if block is None:
            raise
        db.rollback()
        ack(response_action="errors", errors={block: str(exc)})
        return None
    db.commit()
    ack()
    return Accepted(value)

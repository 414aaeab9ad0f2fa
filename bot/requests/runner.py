"""The request runner: what every request gets (settings, playbook, one clock reading, a session
factory), and `listener`, which runs each listener as one unit of work and answers whatever went
wrong (nothing a person sends gets a 5xx). A request's commits happen here and nowhere else (see bot.db
for why not in a Bolt middleware); the reminder worker (bot.worker) commits its own.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from slack_bolt import App
from sqlalchemy.orm import Session, sessionmaker

from bot import metrics, tenancy
from bot.config import Settings
from bot.errors import BadRequest, FormErrors
from bot.flows import events, submissions
from bot.flows.inputs import first_input_block, input_problems
from bot.flows.settings import service as settings_service
from bot.playbook import Playbook
from bot.requests.answers import answer_before_ack, domain_error, report_error, retire_pressed
from bot.requests.background import Coalescer
from bot.slack import in_words
from bot.ui.blocks import notice_modal

T = TypeVar("T")

log = logging.getLogger("bot.requests")


def install_middleware(
    app: App,
    *,
    settings: Settings,
    playbook: Playbook,
    session_factory: sessionmaker[Session],
    clock: Callable,
    background: Coalescer,
) -> None:
    # the settings in force are read again off the request threads, by one thread of this process's own
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settings")
    saved = settings_service.InForce(settings, later=reader.submit)

    def in_force(factory: sessionmaker[Session], actor: str | None) -> Settings:
        """The environment's settings with what the workspace's admins saved in Slack (InForce); read now when
        they make `actor` an admin."""
        try:
            return saved.read(factory, actor)
        except Exception as exc:  # the listener's own session will report the database; never fail here
            log.warning(
                "could not read the saved settings; using the environment's", extra={"error": type(exc).__name__}
            )
            return settings

    def request_context(body, context, next):
        key = workspace_of(context, settings)
        factory = tenancy.scoped(session_factory, key) if key else session_factory  # unscoped: refuses to run
        context["workspace"] = key
        actor = context.user_id if isinstance(context.user_id, str) else None
        context["settings"] = in_force(factory, actor) if key else settings
        context["settings_in_force"] = saved  # a Settings save tells it to read them again
        context["base_settings"] = settings  # the environment's: what a Settings save starts from
        context["playbook"] = playbook
        context["now"] = clock()
        context["session_factory"] = factory  # the runner opens (and closes) each listener's session
        context["background"] = background  # event work, off the acknowledging threads
        next()

    app.middleware(request_context)


def workspace_of(context, settings: Settings) -> str | None:
    """The workspace a request belongs to: single-token mode's one, or the installation Bolt authorized the
    request with (its org for an org-wide Grid install), never what the payload claims on its own."""
    if not settings.oauth:
        return tenancy.SINGLE
    found = context.authorize_result
    if found is None:  # an event Bolt does not authorize (app_uninstalled, tokens_revoked): Slack's own envelope
        return tenancy.workspace_key(
            enterprise_id=context.enterprise_id,
            team_id=context.team_id,
            is_enterprise_install=context.is_enterprise_install,
        )
    # An org-wide token's auth.test names the org as its team; the payload's flag counts only for its own org (a
    # Slack Connect person's payload carries their organisation's, not the installation's).
    org_wide = found.enterprise_id is not None and (
        found.team_id in (None, found.enterprise_id)
        or (context.is_enterprise_install and context.enterprise_id == found.enterprise_id)
    )
    return tenancy.workspace_key(
        enterprise_id=found.enterprise_id, team_id=found.team_id, is_enterprise_install=org_wide
    )


@dataclass(frozen=True)
class Reply:
    """What a listener hands back to the runner: the answer to acknowledge with once its change is
    committed (an ephemeral text, say), and the Slack side effects to run after that."""

    ack: dict | None = None
    then: Callable[[], object] | None = None


@dataclass(frozen=True)
class Later:
    """Event work for the background pool (bot.requests.background): `work(db)` runs after the ack, off the
    threads that acknowledge commands, in a session of its own that is committed after it. Requests
    with the same `key` (("home", user)) while one is waiting are folded into it."""

    key: tuple[str, str]
    work: Callable[[Session], object]


class PlainAck:
    """Slack's acknowledgement as a listener gets it: inline errors are plain text under their field, so any
    mention, channel or link in one is put in words first (`bot.slack.in_words`)."""

    def __init__(self, ack, client):
        self._ack, self._client = ack, client
        self.at: float | None = None  # when Slack was acknowledged (time.perf_counter), for bot.metrics

    @property
    def response(self):
        return self._ack.response

    def __call__(self, *args, **kwargs):
        if kwargs.get("response_action") == "errors" and isinstance(kwargs.get("errors"), dict):
            kwargs["errors"] = {
                block: in_words(str(message), self._client) if "<" in str(message) else message
                for block, message in kwargs["errors"].items()
            }
        answered = self._ack(*args, **kwargs)
        self.at = self.at or time.perf_counter()
        return answered


def _reply(result) -> Reply:
    if isinstance(result, Reply):
        return result
    return Reply(then=result) if callable(result) else Reply()


def listener(fn: Callable) -> Callable:
    """Run `fn` as one unit of work: state change, commit, acknowledge, then Slack side effects.

    1. Every view submission is first checked against what no form accepts (text length, control
       characters, forged ids: `bot.flows.inputs.input_problems`); `fn` never sees such a one.
    2. `fn` changes state in its own session (`db`, opened here and always closed here) and returns
       nothing, the side effects to run (a callable), or a `Reply` with an answer and side effects.
       It may acknowledge itself first when it only opens a modal (a trigger_id lives 3 seconds)
       or answers inline errors (`accept_form`).
    3. The change is committed; then Slack is acknowledged (if `fn` did not), so what a person was
       told is saved, is saved.
    4. The side effects run; their failure (Slack refusing, a timeout, a dropped connection) is
       logged and never undoes or reports the committed change; what they record (a message's
       timestamp) is committed in a second short transaction.
    5. Event work returned as `Later` goes to the background pool (bot.requests.background) after the commit,
       never onto the threads that acknowledge commands and clicks.
    Any error before that is answered here, never by Bolt, so no request gets a 5xx and nothing
    Bolt would log carries the payload: before the ack as an inline error (modals) or an
    ephemeral note, after it through `report_error`.

    `fn` declares the arguments it wants by name: `ack`, `body`, `client`, `respond`, `context`,
    `logger`, `payload` (also as `action`, `view`, `command`, `event`), `db`, `actor` (the id of the
    person acting, whatever the shape of the request: standard, org-wide Grid with `"team": null`,
    Slack Connect), `trigger_id` (for opening a modal; a request without the one `fn` asks for is
    answered with what is missing before `fn` runs), and the context's `settings`,
    `playbook`, `now`. Each Events API delivery is taken once by its `event_id`
    (`bot.flows.events`): Slack's retries of an event already taken run nothing.

    Decision: the runner does not use functools.wraps, because Bolt unwraps a listener and injects only
    the parameters the inner function declares, and the runner itself always needs the acknowledgement,
    the body and the context.
    """
    wanted = list(inspect.signature(fn).parameters)

    def run(ack, body, payload, client, context, respond, logger):
        ack = PlainAck(ack, client)
        db: Session = context["session_factory"]()
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
            "db": db,
        }
        if "actor" in wanted:  # who acts, as Bolt reads it from every shape (user.id, user_id, event.user)
            available["actor"] = context.user_id
        if "trigger_id" in wanted:  # what opening a modal takes: commands and interactivity carry one
            available["trigger_id"] = body.get("trigger_id")
        started, outcome = time.perf_counter(), "ok"
        try:
            if body.get("type") == "view_submission" and (problems := input_problems(payload)):
                outcome = "refused"
                ack(response_action="errors", errors=problems)
                return
            if "actor" in wanted and not isinstance(context.user_id, str):
                raise BadRequest("Slack did not say who you are, so nothing was changed. Try again.")
            if "trigger_id" in wanted and not isinstance(available["trigger_id"], str):
                raise BadRequest("Slack did not send what opening a form takes, so nothing opened. Try again.")
            if body.get("type") == "event_callback" and not events.claim(db, body, context["now"]):
                outcome = "repeat"  # Slack's retry of an event already taken (here or by another process)
                db.rollback()
                return
            result = fn(**{name: available[name] if name in available else context[name] for name in wanted})
            later, result = (result, None) if isinstance(result, Later) else (None, result)
            reply = _reply(result)
            if db.in_transaction():  # a listener that read and wrote nothing has nothing to commit
                db.commit()
            if ack.response is None:
                ack(**(reply.ack or {}))
            if reply.then is not None:
                outcome = _side_effects(reply.then, db)
            if later is not None:  # after the commit: the work reads what this request saved
                key = (later.key[0], f"{context['workspace']}:{later.key[1]}")  # the same person in two workspaces
                context["background"].submit(key, _in_own_session(context["session_factory"], later.work))
        except Exception as error:
            outcome = type(error).__name__
            db.rollback()
            if ack.response is None:
                answer_before_ack(error, ack=ack, body=body, context=context, respond=respond, client=client)
            else:
                report_error(domain_error(error) or error, context=context, respond=respond, client=client)
                retire_pressed(domain_error(error) or error, body, respond)
        finally:
            db.close()
            asked = what_was_asked(body)
            metrics.request_done(asked["kind"], outcome, ack.at - started if ack.at else None)
            log.info(  # one line per request: what it was, who, what came of it, how long the listener took
                "listener done",
                extra={
                    **asked,
                    "listener": fn.__name__,
                    "outcome": outcome,
                    "user": context.user_id,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )

    run.__name__ = run.__qualname__ = fn.__name__
    run.__doc__ = fn.__doc__
    run.through_runner = True  # tests check that every registered listener has it
    return run


def what_was_asked(body: dict) -> dict:
    """The request's kind and ids, for its log line (never a value a person typed)."""
    view = body.get("view") if isinstance(body.get("view"), dict) else {}
    first = (body.get("actions") or [{}])[0] if isinstance(body.get("actions"), list) else {}
    return {
        "kind": body.get("type") or ("command" if "command" in body else None),
        "command": body.get("command"),
        "callback_id": view.get("callback_id"),
        "action_id": first.get("action_id") if isinstance(first, dict) else None,
    }


def _in_own_session(factory: sessionmaker[Session], work: Callable[[Session], object]) -> Callable[[], None]:
    def run() -> None:
        with factory() as db:
            try:
                work(db)
                db.commit()
            except Exception:
                db.rollback()
                raise  # logged by the pool, by type only

    return run


def _side_effects(then: Callable[[], object], db: Session) -> str:
    """Run the after-commit Slack calls; commit what they recorded. Never raises."""
    try:
        then()
        if db.in_transaction():
            db.commit()
        return "ok"
    except Exception as exc:  # the change is saved; a Slack call after it must not say otherwise
        db.rollback()
        log.warning("a Slack call after the commit failed", extra={"error": type(exc).__name__})
        return "ok, side effect failed"


@dataclass(frozen=True)
class Saved(Generic[T]):
    value: T


def accept_form(
    ack, db: Session, change: Callable[[], T], *, view: dict, now: datetime, block: str | None = None
) -> Saved[T] | None:
    """Run a modal submission's state change once.

    The view's id is recorded in the same transaction as the change, so the same submission
    delivered twice (a double click, Slack's retry, two at once) changes things once; the second
    is told it was already received. Bad input is answered inline and nothing is kept: FormErrors
    on their own fields, any other domain error (and a concurrent write that won) on `block` or
    the form's first input; the caller gets None and returns. On success the caller gets the value;
    the runner commits, and only then closes the modal.
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
    return Saved(value)

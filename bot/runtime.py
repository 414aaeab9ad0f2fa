"""Wiring for the processes: settings checked, database prepared, app and WSGI built, and the reminder
worker assembled from the flows' kinds, the ui's messages and the chores (the worker itself imports no
flow)."""

from __future__ import annotations

import logging
import sys

from bot.app import create_app
from bot.config import NEEDS, ConfigError, Settings, load_settings
from bot.db import make_engine, make_session_factory
from bot.logs import configure_logging
from bot.migrate import upgrade
from bot.playbook import PlaybookError, load_playbook


def fail(line: str) -> None:
    """One line on stderr and exit status 2: how every start-up refusal ends."""
    print(f"error: {line}", file=sys.stderr)
    raise SystemExit(2)


def settings_or_exit(command: str) -> Settings:
    """Settings for `command`, or one line per problem on stderr and exit status 2."""
    try:
        settings = load_settings(require=NEEDS[command])
        load_playbook(settings.playbook_path)  # a bad playbook stops every command, naming the key
    except (ConfigError, PlaybookError) as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_level)
    return settings


def ask_slack_or_exit(settings: Settings, variable: str, call) -> None:
    """One Web API call at start, so a refused token or an unreachable Slack is one clear line naming `variable`."""
    from urllib.error import URLError

    from slack_sdk.errors import SlackApiError

    from bot.config import WHERE

    sdk_log = logging.getLogger("slack_sdk")
    level, sdk_log.level = sdk_log.level, logging.CRITICAL  # this function reports the failure itself
    try:
        call()
    except SlackApiError as exc:
        error = exc.response.get("error") or f"HTTP {exc.response.status_code}"
        fail(f"Slack refused {variable} ({error}): use {WHERE[variable]}.")
    except (URLError, OSError) as exc:
        fail(
            f"cannot reach Slack at {settings.slack_api_url} ({getattr(exc, 'reason', exc)}): check SLACK_API_URL "
            "and the network."
        )
    finally:
        sdk_log.setLevel(level)


def check_slack_or_exit(settings: Settings) -> None:
    """auth.test with the bot token before serving or ticking, then what the environment names. OAuth mode has
    no token of its own (each installation brings one): nothing to ask."""
    from bot.slack import build_client

    if settings.oauth:
        return

    client = build_client(settings, background=True, timeout=10)
    ask_slack_or_exit(settings, "SLACK_BOT_TOKEN", client.auth_test)
    for line in named_problems(settings, client):
        print(f"warning: {line}", file=sys.stderr)


def named_problems(settings: Settings, client) -> list[str]:
    """HIRING_CHANNEL, ONBOARDING_CHANNEL and BOT_ADMINS checked as Settings checks what admins save: channels
    the bot is a member of, admins who are active people. One line each naming the variable and the value;
    warnings, not refusals (admins may have saved other values in Slack, which win), and a line saying so
    when Slack did not answer."""
    from bot.slack import NO_ANSWER, admin_problem, channel_problem, look_up

    lines = []
    sdk_log = logging.getLogger("slack_sdk")
    level, sdk_log.level = sdk_log.level, logging.CRITICAL
    try:
        for variable in ("HIRING_CHANNEL", "ONBOARDING_CHANNEL"):
            channel = getattr(settings, variable.lower())
            if problem := channel_problem(client, channel, unanswered=NO_ANSWER):
                lines.append(f"{variable}={channel}: {problem}")
        people = look_up(client, set(settings.bot_admins), budget=None)
        for admin in sorted(settings.bot_admins):
            if admin not in people:
                lines.append(f"BOT_ADMINS {admin}: {NO_ANSWER}")
            elif admin_problem(people[admin]):
                lines.append(
                    f"BOT_ADMINS {admin}: not an active person in this workspace (unknown, deactivated or a bot)"
                )
    finally:
        sdk_log.setLevel(level)
    return lines


def check_app_token_or_exit(settings: Settings) -> None:
    """Socket Mode: apps.connections.open with the app-level token."""
    from slack_sdk import WebClient

    from bot.metrics import CountErrors

    client = WebClient(base_url=settings.slack_api_url, timeout=10, retry_handlers=[CountErrors()])
    ask_slack_or_exit(
        settings, "SLACK_APP_TOKEN", lambda: client.apps_connections_open(app_token=settings.slack_app_token)
    )


def database_or_exit(settings: Settings, command: str) -> None:
    """The database answers and its schema is what this code needs, or one line and exit status 2.

    The embedded SQLite database is brought up to date here by every process; PostgreSQL is
    migrated by the release phase (`python -m bot migrate`), so a process refuses one that is behind.
    """
    from sqlalchemy.engine import make_url

    from bot.db import ping
    from bot.migrate import current_revision, head_revision

    where = make_url(settings.database_url).render_as_string(hide_password=True)
    engine = make_engine(settings.database_url)
    try:
        ping(engine)
        if command == "migrate":
            return
        if settings.is_sqlite:
            upgrade(settings.database_url)
            return
        current, head = current_revision(engine), head_revision()
        if current != head:
            fail(
                f"the database schema at {where} is at {current or 'no revision'}, this code needs {head}: "
                "run `python -m bot migrate` first."
            )
    except SystemExit:
        raise
    except Exception as exc:  # unreachable, refused, no such file: one line, no traceback
        fail(
            f"cannot reach the database at {where} ({type(exc).__name__}): check DATABASE_URL and that the "
            "database is running."
        )
    finally:
        engine.dispose()


def build_wsgi(settings: Settings):
    from bot.requests.web import create_wsgi
    from bot.tenancy import SINGLE

    engine = make_engine(settings.database_url)
    app = create_app(settings, session_factory=make_session_factory(engine, None if settings.oauth else SINGLE))
    return create_wsgi(
        app,
        engine,
        signing_secret=settings.slack_signing_secret,
        metrics_token=settings.metrics_token,
        stale_after=settings.clock_stale_after,
        clock_silent=tell_admins_clock_silent(settings, engine),
    )


def tell_admins_clock_silent(settings: Settings, engine):
    """What /healthz calls, once per silence, when no clock has swept: each workspace's admins (as saved in
    Settings, else BOT_ADMINS) get a DM with the workspace's own token. Sent straight from the web process: the
    reminder engine is the very thing that is not running."""
    from bot.flows.settings import service as settings_service
    from bot.slack import best_effort, build_client
    from bot.tenancy import SINGLE, scoped
    from bot.ui.operations import clock_silent

    factory = make_session_factory(engine, None)

    def clients():
        if not settings.oauth:
            return [(SINGLE, build_client(settings, background=True))]
        from bot.installs import Installations

        installations = Installations(settings, engine, factory)
        return [(key, client) for key in installations.serving() if (client := installations.client(key))]

    def tell(beat) -> None:
        text, blocks = clock_silent(beat.silent_since(), beat.swept_at is not None, settings.clock_stale_minutes)
        for key, client in clients():
            admins = settings_service.load(scoped(factory, key), settings).bot_admins
            for admin in sorted(admins):
                if dm := best_effort("open an admin's DM", client.conversations_open, users=admin):
                    best_effort("tell an admin the clock is silent", client.chat_postMessage,
                                channel=dm["channel"]["id"], text=text, blocks=blocks)  # fmt: skip
        logging.getLogger(__name__).warning("told the admins that no clock has swept")

    return tell


def nudge_table():
    """Every kind the flows schedule with its message builder: what the worker sends, by kind name."""
    from bot.flows.nudges.registry import KINDS
    from bot.ui.nudge_messages import BUILDERS
    from bot.ui.nudges import with_controls
    from bot.worker.table import KindTable

    return KindTable(KINDS, BUILDERS, with_controls)


def chores():
    """What the worker does besides sending, in the order a one-shot sweep does it."""
    from datetime import timedelta

    from bot.effects import offers as offer_effects
    from bot.effects.nudges import refresh_about
    from bot.flows.offers import joining
    from bot.flows.offers import nudges as offer_nudges
    from bot.flows.offers.service import expire_overdue
    from bot.flows.reports import digest
    from bot.slack import member_by_email
    from bot.worker import retention
    from bot.worker.chores import Chore, ask_then_record, in_one_transaction, statistics

    def retire(subject_type: str, subject_id):  # reminders about what a chore changed lose stale buttons
        return lambda at, s, thing: refresh_about(at.client, s, at.playbook, subject_type, subject_id(thing))

    return (
        in_one_transaction(
            "expired",
            lambda s, settings, now: [o.id for o in expire_overdue(s, settings, now)],
            then=lambda at, s, offer_id: offer_effects.expired(at.client, s, at.playbook, offer_id),
        ),
        ask_then_record(
            "joined",
            lambda s, settings, now: joining.claim_lookups(s, settings.today(now)),
            lambda client, lookup: member_by_email(client, lookup[1]),
            lambda s, settings, lookup, user, now: len(joining.joined(s, settings, user["id"], lookup[1], now)),
            then=retire(offer_nudges.JOIN_SUBJECT, lambda lookup: lookup[0]),
        ),
        in_one_transaction("digest", digest.ensure),
        Chore(
            "deleted",
            lambda at: retention.forget_old(at.factory, at.now, at.settings.nudge_retention_days),
            every=timedelta(hours=1),
            after_sending=True,
        ),
        Chore("statistics", statistics, every=timedelta(days=1), after_sending=True, per_workspace=False),
    )


def build_fleet(engine, settings: Settings, playbook, config=None):
    """OAuth mode's reminder worker: one Worker per installed workspace, each with its installation's client
    (bot.worker.fleet)."""
    from bot.installs import Installations
    from bot.worker.fleet import Fleet

    factory = make_session_factory(engine, None)
    return Fleet(
        factory,
        Installations(settings, engine, factory),
        lambda scoped, client: build_worker(scoped, client, settings, playbook, config),
        chores(),
        config,
    )


def build_sweeper(settings: Settings, playbook, engine=None):
    """What the clock and `sweep` run: the one workspace's Worker, or in OAuth mode the Fleet of them all."""
    from bot.slack import build_client

    engine = engine or make_engine(settings.database_url)
    if settings.oauth:
        return build_fleet(engine, settings, playbook)
    return build_worker(make_session_factory(engine), build_client(settings, background=True), settings, playbook)


def build_worker(session_factory, client, settings: Settings, playbook, config=None):
    """The reminder worker as every process that sends reminders runs it (the clock, `sweep`, the demo), for the
    workspace its session factory is scoped to."""
    from bot.flows.settings import service as settings_service
    from bot.worker.delivery import RetryPolicy
    from bot.worker.engine import Worker

    return Worker(
        session_factory,
        client,
        settings,
        playbook,
        kinds=nudge_table(),
        chores=chores(),
        retry=RetryPolicy(max_attempts=settings.nudge_max_attempts),
        config=config,
        in_force=settings_service.load,
    )


def list_workspaces(settings: Settings) -> list[str]:
    """One line per workspace the bot was installed in: key, kind, installed, left, deleted."""
    from bot.db import transaction
    from bot.flows import workspaces
    from bot.tenancy import ALL

    with transaction(make_session_factory(make_engine(settings.database_url), ALL)) as s:
        rows = workspaces.serving(s) + workspaces.departed_list(s)
        lines = [
            f"{w.workspace}  {'org-wide' if w.is_enterprise_install else 'workspace'}  installed "
            f"{w.installed_at:%Y-%m-%d} by {w.installed_by}"
            + (f"  left {w.left_at:%Y-%m-%d} ({w.left_because})" if w.left_at else "")
            + (f"  data deleted {w.forgotten_at:%Y-%m-%d}" if w.forgotten_at else "")
            for w in rows
        ]
    return lines or ["no workspace has installed the bot through OAuth"]


def forget_workspace(settings: Settings, key: str, now) -> int:
    """Delete a departed workspace's data: its candidates' personal data in one transaction, then the rest in
    a second, leaving its registry row (marked) and one audit row. Exit status 1 with the reason when refused."""
    from bot.db import transaction
    from bot.errors import Conflict
    from bot.flows import workspaces
    from bot.tenancy import scoped

    factory = scoped(make_session_factory(make_engine(settings.database_url), None), key)
    try:
        with transaction(factory) as s:
            candidates = workspaces.forget_candidates(s, settings.departed_retention_days, now)
    except Conflict as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    with transaction(factory) as s:
        rest = workspaces.forget_the_rest(s, now)
    print(f"deleted {key}'s data: {candidates} rows of candidates' personal data, then {rest} other rows")
    return 0


def adopt_single(settings: Settings, key: str, now) -> int:
    """Move single-token mode's data to workspace `key` (bot.flows.workspaces.adopt_single), in one
    transaction. Exit status 1 with the reason when refused."""
    from bot.db import transaction
    from bot.errors import Conflict
    from bot.flows import workspaces
    from bot.tenancy import ALL

    try:
        with transaction(make_session_factory(make_engine(settings.database_url), ALL)) as s:
            moved = workspaces.adopt_single(s, key, now)
    except Conflict as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    print(f"moved {moved} rows of single-token data to {key}; its people see them from now on")
    return 0


def after_sweep(engine):
    """What follows each finished sweep of reminders in the clock: its heartbeat and its metrics."""
    from bot import heartbeat, metrics

    def swept(now, seconds: float) -> None:
        heartbeat.beat(engine, now)
        metrics.swept(seconds, now.timestamp())

    return swept

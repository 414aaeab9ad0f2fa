"""create_app(settings) builds the Bolt app; every handler module registers itself here."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import datetime, timezone

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.config import ConfigError, Settings
from bot.db import make_engine, make_session_factory
from bot.handlers import (
    candidates,
    fallback,
    home,
    interviews,
    nudges,
    offers,
    onboarding,
    reports,
    requisition,
    requisition_life,
)
from bot.handlers import installs as leaving
from bot.handlers import settings as workspace_settings
from bot.playbook import Playbook, load_playbook
from bot.requests import answers
from bot.requests.background import Coalescer
from bot.requests.runner import install_middleware
from bot.slack import build_client
from bot.tenancy import SINGLE

HANDLER_MODULES = (
    requisition,
    requisition_life,
    candidates,
    interviews,
    offers,
    onboarding,
    nudges,
    reports,
    workspace_settings,
    home,
    fallback,  # last: takes what no other listener did
)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session] | None = None,
    client: WebClient | None = None,
    playbook: Playbook | None = None,
    clock: Callable[[], datetime] = utc_now,
    socket_mode: bool = False,
    listener_executor: Executor | None = None,
    event_executor: Executor | None = None,
) -> App:
    """A new Bolt app. Tests pass their own session factory, client, clock and executors.

    Two pools per app (per web worker): Bolt's listener pool, one thread per web thread (each request
    thread waits on its listener's ack), and a separate one of EVENT_THREADS for event work (App Home
    publishes, DM answers), so a burst of events never delays the acknowledgement of a command.
    """
    if not socket_mode and not settings.slack_signing_secret:
        raise ConfigError(["SLACK_SIGNING_SECRET is not set: HTTP mode refuses unsigned requests."])
    if settings.oauth and socket_mode:
        raise ConfigError(["Socket Mode serves one workspace: set SLACK_BOT_TOKEN, not SLACK_CLIENT_ID."])
    if session_factory is None:
        session_factory = make_session_factory(make_engine(settings.database_url), None if settings.oauth else SINGLE)
    oauth = installations = None
    not_installed = None  # Bolt's own words in single-token mode (the one token is always the workspace's)
    if settings.oauth:  # any number of workspaces, each installed through Slack's OAuth flow (bot.installs)
        from bot.installs import NOT_INSTALLED, Installations, oauth_settings

        engine = session_factory.kw["bind"]

        oauth = oauth_settings(settings, engine, session_factory, clock)
        installations = Installations(settings, engine, session_factory)
        not_installed = NOT_INSTALLED
    app = App(
        client=client or build_client(settings),
        signing_secret=settings.slack_signing_secret or "socket-mode",
        oauth_settings=oauth,
        user_facing_authorize_error_message=not_installed,
        # Every HTTP request is verified by bot.requests.web before Bolt sees it, which then hands Bolt the body with
        # Slack's nulls taken out; Bolt's second check would be of a body Slack did not sign. Serve this app
        # only through bot.requests.web.create_wsgi (the Socket Mode connection is authenticated by its app token).
        request_verification_enabled=False,
        process_before_response=False,
        listener_executor=listener_executor
        or ThreadPoolExecutor(max_workers=settings.web_threads, thread_name_prefix="listener"),
    )
    install_middleware(
        app,
        settings=settings,
        playbook=playbook or load_playbook(settings.playbook_path),
        session_factory=session_factory,
        clock=clock,
        background=Coalescer(
            event_executor or ThreadPoolExecutor(max_workers=settings.event_threads, thread_name_prefix="event")
        ),
    )
    answers.register(app)
    leaving.register(app, installations)
    for module in HANDLER_MODULES:
        module.register(app)
    return app

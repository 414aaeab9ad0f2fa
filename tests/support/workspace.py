"""The test workspace's fixed names and the app as production builds it, for the fixtures (tests/conftest.py)
and the tests that build a second app of their own."""

from __future__ import annotations

from bot.app import create_app
from bot.db import make_session_factory
from bot.requests.web import create_wsgi
from devtools.harness import SlackClientSimulator, TrackingExecutor, serve_wsgi
from devtools.shapes import Shape

SIGNING_SECRET = "test-signing-secret"
HIRING_CHANNEL = "C0HIRING"
ADMIN = "U0ADMIN"


def build_slack(settings, engine, clock, playbook, fake_slack, shape=Shape.STANDARD, executor=None):
    """The app as production builds it (create_app + WSGI), served on a local port, sent requests in `shape`."""
    executor = executor or TrackingExecutor()
    app = create_app(
        settings,
        session_factory=make_session_factory(engine),
        playbook=playbook,
        clock=clock,
        listener_executor=executor,
        event_executor=executor.events,
    )
    base_url, server = serve_wsgi(create_wsgi(app, engine, signing_secret=SIGNING_SECRET))
    return SlackClientSimulator(base_url, SIGNING_SECRET, fake_slack.url, executor, shape), server, executor


def sweeper(session_factory, settings, playbook, config=None):
    """The clock's sweep as `python -m bot clock` builds it: one worker on the environment's token, or in
    OAuth mode the fleet of every installed workspace, each on its own token."""
    from bot.runtime import build_fleet, build_worker
    from bot.slack import build_client

    if settings.oauth:
        return build_fleet(session_factory.kw["bind"], settings, playbook, config)
    return build_worker(session_factory, build_client(settings, background=True), settings, playbook, config)

"""The app served as in production (create_app + WSGI) against the local Slack double, for the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.config import Settings
from bot.db import make_session_factory
from bot.playbook import Playbook, load_playbook
from bot.requests.web import create_wsgi
from bot.slack import build_client
from devtools.double_server import start_fake_slack
from devtools.harness import SlackClientSimulator, TrackingExecutor, serve_wsgi
from devtools.slack_double import TOKEN

SECRET = "bench-signing-secret"


@dataclass
class Served:
    settings: Settings
    playbook: Playbook
    factory: sessionmaker[Session]
    executor: TrackingExecutor
    sim: SlackClientSimulator
    client: object
    statements: list[int]  # one entry per SQL statement the engine sent

    def close(self) -> None:
        self._web.shutdown()
        self._slack.shutdown()
        self.executor.shutdown()


def serve(engine: Engine, url: str, now: datetime, admin: str) -> Served:
    fake, slack_server = start_fake_slack()
    settings = Settings(
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=fake.url,
        database_url=url,
        bot_admins=frozenset({admin}),
        hiring_channel="C0HIRING",
    )
    playbook = load_playbook()
    factory = make_session_factory(engine)
    executor = TrackingExecutor(8)
    app = create_app(
        settings,
        session_factory=factory,
        playbook=playbook,
        clock=lambda: now,
        listener_executor=executor,
        event_executor=executor.events,
    )
    base, web = serve_wsgi(create_wsgi(app, engine, signing_secret=SECRET))
    statements: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
    served = Served(
        settings,
        playbook,
        factory,
        executor,
        SlackClientSimulator(base, SECRET, fake.url, executor),
        build_client(settings),
        statements,
    )
    served._web, served._slack = web, slack_server
    return served

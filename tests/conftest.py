"""Shared fixtures: a real, migrated database (SQLite by default, PostgreSQL with
TEST_DATABASE_URL), a fake Slack Web API, an injected clock and the app served over HTTP."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from bot import tenancy
from bot.config import Settings, normalise_database_url
from bot.db import make_engine, make_session_factory
from bot.flows.interviews.team import team_rows
from bot.migrate import upgrade
from bot.models import Base, Candidate, CandidateAccess
from bot.playbook import load_playbook
from devtools.double_server import start_fake_slack
from devtools.shapes import Shape
from devtools.slack_double import TOKEN
from devtools.surfaces import answer_problems
from devtools.surfaces import problems as surface_problems
from tests.support.installs import (
    OAUTH_MODE,
    TOKEN_MODE,
    installed_key,
    oauth_settings,
    only_the_installations_token,
    serve_in_mode,
)
from tests.support.presses import refused_buttons
from tests.support.presses import wanted as every_button_wanted
from tests.support.stale import stale_reminder_buttons
from tests.support.workspace import ADMIN, HIRING_CHANNEL, SIGNING_SECRET

# Free text the tests give candidates, new hires and interviewers: none of it may reach a log line,
# at any level, anywhere in the run (README, Security: nothing private in logs).
PRIVATE_TEXT = (
    "Ada Lovelace",
    "Zelda Secretname",
    "zelda.private@example.org",
    "SECRET-",
    "evil.example",
    "ada@example.org",
    "Settling in well",
)


@pytest.fixture(scope="session", autouse=True)
def _no_private_text_in_any_log():
    """Every log record of the whole run, through the production formatter and filter, at DEBUG."""
    import io
    import logging

    from bot.logs import JsonFormatter, Quiet

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(Quiet())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield
    root.removeHandler(handler)
    root.setLevel(level)
    log = stream.getvalue()
    # Under pytest-xdist each worker checks its own share, which may hold only tests that log nothing.
    assert log or os.environ.get("PYTEST_XDIST_WORKER"), "nothing was logged: the check would prove nothing"
    leaked = [text for text in PRIVATE_TEXT if text in log]
    assert not leaked, f"private text reached the logs: {leaked}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """SQLite in a scratch folder, or TEST_DATABASE_URL. Under pytest-xdist each worker gets a database of its own
    on the same PostgreSQL server (the given one's name with the worker's, made fresh and dropped after)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    url = normalise_database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield url
        return
    from sqlalchemy.engine import make_url

    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    server = make_engine(base.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{own.database}"')
        yield own.render_as_string(hide_password=False)
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
    finally:
        server.dispose()


@pytest.fixture(scope="session")
def engine(database_url):
    upgrade(database_url)  # the real migrations, not create_all
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts with empty tables (only for tests that use the database)."""
    yield
    if "engine" in request.fixturenames:
        eng = request.getfixturevalue("engine")
        with eng.connect() as conn:  # every hiring team as the flows left it matches its source rows
            stored = set(conn.execute(select(CandidateAccess.user_id, CandidateAccess.candidate_id)).all())
            derived = set(conn.execute(team_rows(select(Candidate.id))).all())
        with eng.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(text(f"DELETE FROM {table.name}"))
        assert stored == derived, "candidate_access drifted from requisitions and interviews"


@pytest.fixture
def session_factory(engine, mode, shape):
    """Sessions of the test's workspace: single-token mode's one, or in OAuth mode the installation the shape's
    requests reach."""
    if mode == OAUTH_MODE:
        return tenancy.scoped(make_session_factory(engine, None), installed_key(shape))
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory):
    with session_factory() as s:
        yield s


@pytest.fixture(scope="session")
def playbook():
    return load_playbook()


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc))  # a Wednesday


# The workspace's people as the fake Slack knows them (users.info); tests add their own. Their zone is
# unset (tz None), which the bot treats like a zone Slack does not know: DEFAULT_TIMEZONE.
PEOPLE = (
    "U0HM",
    "U0APPROVER",
    ADMIN,
    "U0OUTSIDER",
    "U0OTHER",
    "U0ALICE",
    "U0BOB",
    "U0CAROL",
    "U0NEWHIRE",
    "U0NEW",
    "U0MGR",
    "U0BUDDY",
)


def pytest_generate_tests(metafunc):
    """A test marked `all_shapes` runs once per place the app can be installed (devtools.shapes); one marked
    `both_modes` also once per way of installing it. A Slack Connect person's own workspace has not installed
    the app, so in OAuth mode their requests are not the installing workspace's (tests/test_workspaces_e2e.py
    says what they get): that pair is not run."""
    marked = metafunc.definition.get_closest_marker
    shapes = list(Shape) if "shape" in metafunc.fixturenames and marked("all_shapes") else None
    modes = (TOKEN_MODE, OAUTH_MODE) if "mode" in metafunc.fixturenames and marked("both_modes") else None
    if shapes and modes:
        pairs = [(s, m) for s in shapes for m in modes if not (s is Shape.CONNECT and m == OAUTH_MODE)]
        metafunc.parametrize(("shape", "mode"), pairs, indirect=True, ids=[f"{s.value}-{m}" for s, m in pairs])
    elif shapes:
        metafunc.parametrize("shape", shapes, indirect=True, ids=[s.value for s in shapes])
    elif modes:
        metafunc.parametrize("mode", modes, indirect=True)


@pytest.fixture
def mode(request) -> str:
    """How the app is installed: one bot token from the environment (the quick start; most tests), or, when the
    test runs in both, through /slack/install like any workspace of a many-workspace deployment (bot.installs)."""
    return getattr(request, "param", TOKEN_MODE)


@pytest.fixture
def shape(request) -> Shape:
    """What Slack's requests look like: a standard workspace (most installs) unless the test runs in all."""
    return getattr(request, "param", Shape.STANDARD)


# The workspace's channels as the fake Slack knows them (conversations.info); the bot is a member of each
# unless a test lists it in `unreachable_channels`.
CHANNELS = {HIRING_CHANNEL: "ml-hiring", "C0ONBOARD": "ml-onboarding", "C0GENERAL": "general", "C0NEWHIRING": "hiring"}


@pytest.fixture
def fake_slack(shape):
    """The Slack double; fails the test if the bot called it outside Slack's contract or sent Slack anything
    it would refuse."""
    fake, server = start_fake_slack()
    fake.shape = shape
    fake.users.update({u: {"id": u, "tz": None, "is_bot": False, "deleted": False} for u in PEOPLE})
    fake.channels.update({c: {"name": n} for c, n in CHANNELS.items()})
    yield fake
    server.shutdown()
    server.server_close()
    assert fake.violations == [], "the bot sent Slack something it would refuse"
    shown = [line for call in list(fake.calls) for line in surface_problems(call.method, call.params)]
    assert shown == [], "a person would see markup as typed"


@pytest.fixture
def settings(fake_slack, database_url, mode) -> Settings:
    base = Settings(
        slack_bot_token=TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.url,
        database_url=database_url,
        hiring_channel=HIRING_CHANNEL,
        bot_admins=frozenset({ADMIN}),
    )
    return oauth_settings(base, fake_slack) if mode == OAUTH_MODE else base


@pytest.fixture
def slack(request, settings, engine, clock, playbook, fake_slack, shape, mode, session_factory):
    """Signed requests to the running app, in the test's Slack shape; in OAuth mode the app is first installed
    through its pages and its hiring channel picked in Settings, as an admin would. A test marked
    `every_button` ends by pressing every button its messages still offer: none may be refused."""
    sim, server, executor = serve_in_mode(mode, settings, engine, clock, playbook, fake_slack, shape)
    yield sim
    if every_button_wanted(request.node):
        refused = refused_buttons(sim, fake_slack, engine)
        assert refused == [], "buttons the bot would refuse: " + "; ".join(refused)
    server.shutdown()
    server.server_close()
    executor.shutdown(wait=True)
    if mode == OAUTH_MODE:
        only_the_installations_token(fake_slack, shape)
    shown = [line for answer in sim.answers for line in answer_problems(answer.body)]
    assert shown == [], "a person would see markup as typed in an acknowledgement"
    with session_factory() as db:
        stale = stale_reminder_buttons(fake_slack, db)
    assert stale == [], "a message still offers a button whose moment passed"

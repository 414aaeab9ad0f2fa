"""The operator can see it is alive: the clock's heartbeat on /healthz and `python -m bot status`, the admins told
once when no clock sweeps, and Prometheus metrics on /metrics behind METRICS_TOKEN."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from prometheus_client import REGISTRY

from bot import heartbeat
from bot.app import create_app
from bot.db import make_session_factory
from bot.flows.requisition import ids
from bot.requests.web import create_wsgi
from bot.runtime import after_sweep, tell_admins_clock_silent
from bot.tenancy import SINGLE
from bot.worker.clock import SWEEP_JOB_ID, duties
from devtools.harness import SlackClientSimulator, TrackingExecutor, serve_wsgi
from tests.support.cli import run_here
from tests.support.installs import OAUTH_MODE, installed_key, serve_in_mode
from tests.support.reminders import FRI_10, submit
from tests.support.workspace import ADMIN, SIGNING_SECRET, sweeper

TEN = timedelta(minutes=10)
TOKEN = "metrics-secret"


@pytest.fixture
def served(settings, engine, clock, playbook, fake_slack, mode, shape):
    """The app behind the WSGI layer as `serve` builds it, with the test's clock, the admins' teller and metrics
    on; in OAuth mode after the workspace's admin installed it through its pages."""
    if mode == OAUTH_MODE:
        _, installer, executor = serve_in_mode(mode, settings, engine, clock, playbook, fake_slack, shape)
        installer.shutdown()
        installer.server_close()
        executor.shutdown(wait=True)
    executor = TrackingExecutor()
    app = create_app(
        settings,
        session_factory=make_session_factory(engine, None if settings.oauth else SINGLE),
        playbook=playbook,
        clock=clock,
        listener_executor=executor,
        event_executor=executor.events,
    )
    wsgi = create_wsgi(
        app,
        engine,
        signing_secret=SIGNING_SECRET,
        now=clock,
        metrics_token=TOKEN,
        stale_after=TEN,
        clock_silent=tell_admins_clock_silent(settings, engine),
    )
    base, server = serve_wsgi(wsgi)
    yield SlackClientSimulator(base, SIGNING_SECRET, fake_slack.url, executor, shape)
    server.shutdown()
    server.server_close()
    executor.shutdown(wait=True)


def admin_alerts(fake_slack) -> list[dict]:
    return [c for c in fake_slack.called("chat.postMessage") if "No clock has sent reminders" in c.get("text", "")]


def alerts_after(fake_slack, count: int) -> list[dict]:
    """The admins' alerts once `count` have arrived (the teller runs on a thread of its own), or what came in 5 s."""
    deadline = time.monotonic() + 5
    while len(admin_alerts(fake_slack)) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return admin_alerts(fake_slack)


def test_each_sweep_beats_and_healthz_says_when(served, engine, session_factory, settings, playbook, clock):
    send = {job: duty for job, _, duty in duties(60, sweeper(session_factory, settings, playbook), after_sweep(engine))}
    send[SWEEP_JOB_ID](clock.now)
    clock.advance(minutes=3)
    report = served.get("/healthz").json()["clock"]
    assert report["last_sweep"] == (clock.now - timedelta(minutes=3)).isoformat()
    assert report["seconds_ago"] == 180 and report["stale"] is False and report["stale_after_minutes"] == 10
    assert report["by"] and ":" in report["by"]  # host:pid of the clock that swept


@pytest.mark.both_modes
def test_a_silent_clock_is_reported_and_the_admins_are_told_once_per_silence(
    served, engine, fake_slack, clock, mode, shape
):
    heartbeat.beat(engine, clock.now)
    clock.advance(minutes=9)
    assert served.get("/healthz").json()["clock"]["stale"] is False
    assert admin_alerts(fake_slack) == []

    clock.advance(minutes=2)  # 11 minutes without a sweep
    for _ in range(3):  # probes every few seconds: one alert, not one per probe
        response = served.get("/healthz")
        assert response.status == 200, "a silent clock does not make the web process unhealthy"
        assert response.json()["clock"]["stale"] is True
    alerts = alerts_after(fake_slack, 1)
    assert len(alerts) == 1 and alerts[0]["channel"] == fake_slack.dm_channel(ADMIN)
    if mode == OAUTH_MODE:  # with the installation's own token
        told = [
            c for c in fake_slack.calls if c.method == "chat.postMessage" and "No clock" in c.params.get("text", "")
        ]
        assert [fake_slack.key_of_token(c.token) for c in told] == [installed_key(shape)]
    assert "python -m bot clock" in json.dumps(alerts[0]["blocks"])
    clock.advance(minutes=30)
    served.get("/healthz")
    assert len(alerts_after(fake_slack, 2)) == 1, "still the same silence: told once"

    heartbeat.beat(engine, clock.now)  # the clock is back ...
    assert served.get("/healthz").json()["clock"]["stale"] is False
    clock.advance(minutes=15)  # ... and silent again: a new silence, told again
    served.get("/healthz")
    assert len(alerts_after(fake_slack, 2)) == 2


def test_a_deployment_that_never_started_a_clock_is_noticed(served, engine, fake_slack, clock):
    served.get("/healthz")  # the watch starts (an emptied table: the migration's row is gone)
    assert heartbeat.read(engine, clock.now).swept_at is None
    clock.advance(minutes=11)
    report = served.get("/healthz").json()["clock"]
    assert report["stale"] is True and report["last_sweep"] is None
    assert "when the bot was set up" in alerts_after(fake_slack, 1)[0]["text"]


def test_two_clocks_keep_the_later_sweep(engine):
    at = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    heartbeat.beat(engine, at + timedelta(seconds=30), by="a:1")
    heartbeat.beat(engine, at, by="b:2")  # a slower clock finishing an older sweep
    assert heartbeat.read(engine, at).swept_at == at + timedelta(seconds=30)


def test_status_prints_the_heartbeat_and_exits_1_when_no_clock_sweeps(tmp_path):
    from bot.db import make_engine

    url = f"sqlite:///{tmp_path}/status.db"
    assert run_here("migrate", env={"DATABASE_URL": url}).returncode == 0
    swept = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    heartbeat.beat(make_engine(url), swept)
    fresh = run_here("status", "--now", "2026-12-01T09:05:00Z", env={"DATABASE_URL": url})
    assert fresh.returncode == 0, fresh.stderr
    report = json.loads(fresh.stdout)
    assert report["status"] == "ok" and report["clock"]["last_sweep"] == swept.isoformat()
    silent = run_here("status", "--now", "2026-12-01T09:11:00Z", env={"DATABASE_URL": url})
    assert silent.returncode == 1 and json.loads(silent.stdout)["clock"]["stale"] is True
    later = run_here("status", "--now", "2026-12-01T09:11:00Z", env={"DATABASE_URL": url, "CLOCK_STALE_MINUTES": "15"})
    assert later.returncode == 0


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_are_off_without_a_token_and_refused_without_the_right_one(served, settings, engine):
    app = create_app(settings, session_factory=make_session_factory(engine))
    base, server = serve_wsgi(create_wsgi(app, engine, signing_secret=SIGNING_SECRET))  # no METRICS_TOKEN
    try:
        assert SlackClientSimulator(base, SIGNING_SECRET, "", None).get("/metrics").status == 404
    finally:
        server.shutdown()
        server.server_close()
    assert served.get("/metrics").status == 401
    assert served.get("/metrics", headers={"Authorization": "Bearer wrong"}).status == 401
    page = served.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert page.status == 200 and "text/plain" in page.headers["Content-Type"]
    for name in ("mlhire_requests_total", "mlhire_ack_seconds", "mlhire_reminders_total", "mlhire_sweep_seconds"):
        assert f"# TYPE {name.removesuffix('_total')}" in page.body, name


def test_metrics_count_requests_reminders_sweeps_and_slack_errors(
    served, fake_slack, session_factory, settings, playbook, engine
):
    commands = sample("mlhire_requests_total", kind="command", outcome="ok")
    acks = sample("mlhire_ack_seconds_count", kind="command")
    served.command(ids.COMMAND, "help", user="U0HM")
    assert sample("mlhire_requests_total", kind="command", outcome="ok") == commands + 1
    assert sample("mlhire_ack_seconds_count", kind="command") == acks + 1

    submit(session_factory, settings, playbook, n=2)  # two approval reminders due on Friday
    sent = sample("mlhire_reminders_total", kind="req_approval", result="sent")
    due = sample("mlhire_reminders_total", kind="req_approval", result="due")
    refused = sample("mlhire_slack_api_errors_total", method="chat.postMessage", error="channel_not_found")
    sweeps = sample("mlhire_sweep_seconds_count")
    fake_slack.fail_next("chat.postMessage", 200, error="channel_not_found")
    send = {job: duty for job, _, duty in duties(60, sweeper(session_factory, settings, playbook), after_sweep(engine))}
    send[SWEEP_JOB_ID](FRI_10)
    assert sample("mlhire_reminders_total", kind="req_approval", result="due") == due + 2
    assert sample("mlhire_reminders_total", kind="req_approval", result="sent") == sent + 1
    assert sample("mlhire_slack_api_errors_total", method="chat.postMessage", error="channel_not_found") == refused + 1
    assert sample("mlhire_sweep_seconds_count") == sweeps + 1
    assert sample("mlhire_clock_last_sweep_timestamp_seconds") == FRI_10.timestamp()
    page = served.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).body
    assert 'mlhire_slack_api_errors_total{error="channel_not_found",method="chat.postMessage"}' in page

"""Operating the bot: start-up refusals in one line, a refused token pausing delivery, requeueing failures."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, text

from bot.db import make_engine, make_session_factory
from bot.flows.nudges import report as nudge_report
from bot.models import Nudge, SweepPause
from bot.nudges.alerts import ADMIN_ALERT
from bot.nudges.pause import PAUSE_ALERT
from bot.runtime import build_worker
from bot.slack import build_client
from bot.worker.engine import Worker
from devtools.slack_double import TOKEN
from tests.support.cli import GOOD, run_here
from tests.support.interviews import requisition
from tests.support.workspace import ADMIN

FRI = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)


def one_line(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


# --- start-up refuses what cannot work --------------------------------------------------------------
@pytest.mark.parametrize("command", ["migrate", "sweep", "clock"])
def test_a_bad_playbook_stops_every_command(tmp_path, command):
    own = tmp_path / "acme.yaml"
    own.write_text("levels:\n  senior:\n    contractor_band: principal\n")
    line = one_line(
        run_here(command, env=GOOD | {"PLAYBOOK_PATH": str(own), "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"})
    )
    assert "levels.senior.contractor_band" in line


@pytest.mark.parametrize("command", ["migrate", "sweep", "nudges requeue"])
def test_an_unreachable_database_is_one_line(tmp_path, command):
    for url in (f"sqlite:///{tmp_path}/no/such/dir/a.db", "postgresql://nobody:secret@127.0.0.1:9/none"):
        line = one_line(run_here(*command.split(), env=GOOD | {"DATABASE_URL": url}))
        assert "cannot reach the database" in line and "secret" not in line


def test_sweep_brings_an_embedded_database_up_to_date(tmp_path, fake_slack):
    url = f"sqlite:///{tmp_path}/new.db"
    result = run_here(
        "sweep",
        "--now",
        "2026-11-27T10:00:00Z",
        env={"SLACK_BOT_TOKEN": TOKEN, "DATABASE_URL": url, "SLACK_API_URL": fake_slack.url},
    )
    assert result.returncode == 0, result.stderr
    with create_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM nudges")).scalar() == 0


@pytest.fixture
def fresh_postgres(database_url):
    """An empty PostgreSQL database next to the test one (only when the suite runs on PostgreSQL)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    from sqlalchemy.engine import make_url

    base = make_url(database_url)
    name = f"{base.database}_fresh"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize("command", ["sweep", "clock"])
def test_an_unmigrated_postgresql_database_is_refused_with_what_to_run(fresh_postgres, fake_slack, command):
    line = one_line(
        run_here(
            command, env={"SLACK_BOT_TOKEN": TOKEN, "DATABASE_URL": fresh_postgres, "SLACK_API_URL": fake_slack.url}
        )
    )
    assert "run `python -m bot migrate` first" in line and "no revision" in line


def test_healthz_is_503_on_an_unmigrated_postgresql_database(fresh_postgres, settings, playbook, clock):
    from bot.app import create_app
    from bot.requests.web import create_wsgi
    from devtools.harness import SlackClientSimulator, serve_wsgi

    engine = make_engine(fresh_postgres)
    app = create_app(settings, session_factory=make_session_factory(engine), playbook=playbook, clock=clock)
    base, server = serve_wsgi(create_wsgi(app, engine, signing_secret="s"))
    try:
        response = SlackClientSimulator(base, "", "", None).get("/healthz")  # type: ignore[arg-type]
        assert response.status == 503 and response.json()["schema"] == "behind" and response.json()["at"] is None
    finally:
        server.shutdown()
        server.server_close()
        engine.dispose()


def test_clock_with_a_refused_token_stops_in_one_line(tmp_path, fake_slack):
    line = one_line(
        run_here(
            "clock",
            env={
                "SLACK_BOT_TOKEN": "xoxb-revoked",
                "SLACK_API_URL": fake_slack.url,
                "DATABASE_URL": f"sqlite:///{tmp_path}/c.db",
            },
        )
    )
    assert line.startswith("error: Slack refused SLACK_BOT_TOKEN (invalid_auth)")


def test_socket_mode_with_a_refused_app_token_stops_in_one_line(tmp_path, fake_slack):
    line = one_line(
        run_here(
            "socket",
            env={
                "SLACK_BOT_TOKEN": TOKEN,
                "SLACK_APP_TOKEN": "xapp-revoked",
                "SLACK_API_URL": fake_slack.url,
                "DATABASE_URL": f"sqlite:///{tmp_path}/s.db",
            },
        )
    )
    assert line.startswith("error: Slack refused SLACK_APP_TOKEN (invalid_auth)")


def test_example_values_and_unknown_holiday_countries_are_refused_at_start(tmp_path):
    line = one_line(
        run_here(
            "serve",
            env=GOOD | {"SLACK_SIGNING_SECRET": "your-signing-secret", "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"},
        )
    )
    assert "still has the example value" in line
    line = one_line(
        run_here(
            "sweep",
            env={"SLACK_BOT_TOKEN": TOKEN, "HOLIDAY_COUNTRY": "XY", "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"},
        )
    )
    assert "HOLIDAY_COUNTRY 'XY'" in line


# --- a refused token pauses delivery ---------------------------------------------------------------------
def pending_approval(session, settings, playbook) -> None:
    requisition(session, settings, playbook, approve=False, level="senior")  # submitted Wednesday 15:00 UTC


def sweeper_with(token: str, session_factory, settings, playbook) -> Worker:
    from dataclasses import replace

    return build_worker(
        session_factory, build_client(replace(settings, slack_bot_token=token), background=True), settings, playbook
    )


def test_a_refused_token_pauses_and_delivery_resumes_once_it_works(
    session_factory, settings, playbook, fake_slack, session, caplog
):
    pending_approval(session, settings, playbook)
    revoked = sweeper_with("xoxb-revoked", session_factory, settings, playbook)
    with caplog.at_level("ERROR", logger="bot.nudges.pause"):
        first = revoked.run(FRI)
        again = revoked.run(FRI + timedelta(minutes=1))
    assert first.paused == "invalid_auth" and again.paused == "invalid_auth"
    assert (first.sent, first.failed, again.failed) == (0, 0, 0)
    assert len([r for r in caplog.records if r.levelname == "ERROR"]) == 1  # one clear line, not one per tick
    with session_factory() as s:
        rows = s.scalars(select(Nudge)).all()
        assert {n.status for n in rows} == {"pending"} and all(n.attempts == 0 for n in rows)
        assert not [n for n in rows if n.kind == ADMIN_ALERT]
        assert s.scalars(select(SweepPause)).one().ended_at is None
    assert "Delivery is paused" in fake_slack_report(session_factory, FRI)

    works = sweeper_with(TOKEN, session_factory, settings, playbook)
    later = FRI + timedelta(hours=3)
    resumed = works.run(later)
    assert resumed.paused is None and resumed.sent >= 1
    works.run(later + timedelta(minutes=1))
    approver_dms = fake_slack.posts_to("U0APPROVER")
    assert len(approver_dms) == 1  # the reminder, exactly once
    notices = fake_slack.posts_to(ADMIN)
    assert len(notices) == 1 and "paused for 3 h" in notices[0]["text"] and "invalid_auth" in notices[0]["text"]
    with session_factory() as s:
        assert s.scalars(select(SweepPause)).one().ended_at == later
        assert s.scalars(select(Nudge).where(Nudge.kind == PAUSE_ALERT)).one().status == "sent"


def fake_slack_report(session_factory, now) -> str:
    from bot.ui.nudges import report_blocks

    with session_factory() as s:
        text_, blocks = report_blocks(nudge_report.report(s, now))
    return str(blocks)


def test_sweep_command_exits_non_zero_while_the_token_is_refused(tmp_path, fake_slack):
    from tests.support.cli import _database_with_a_due_nudge

    url = _database_with_a_due_nudge(tmp_path)
    env = {"SLACK_BOT_TOKEN": "xoxb-revoked", "DATABASE_URL": url, "SLACK_API_URL": fake_slack.url}
    result = run_here("sweep", "--now", "2026-11-27T10:00:00Z", env=env)
    assert result.returncode == 1
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth): delivery is paused" in result.stderr
    with make_session_factory(make_engine(url))() as s:
        assert s.scalars(select(Nudge)).one().status == "pending"


def test_failed_reminders_can_be_requeued_from_the_command_line_and_the_report(
    tmp_path, slack, fake_slack, session, session_factory, settings, playbook
):
    pending_approval(session, settings, playbook)
    fake_slack.fail_next("chat.postMessage", 200, error="channel_not_found")  # will not heal: failed
    # Monday: without a hiring channel there is no weekly digest to take the failure instead
    settings = replace(settings, hiring_channel=None)
    assert sweeper_with(TOKEN, session_factory, settings, playbook).run(FRI + timedelta(days=3)).failed == 1
    report = slack.command("/ml-report", "nudges", user=ADMIN).json()
    [button] = [e for b in report["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["text"]["text"] == "Retry failed"
    slack.click(
        user="U0HM", action_id=button["action_id"], value=button["value"], block_id="b", channel="D0X", message_ts="1.1"
    )
    with session_factory() as s:
        assert s.scalars(select(Nudge).where(Nudge.status == "failed")).one()  # not theirs to retry
    slack.click(
        user=ADMIN, action_id=button["action_id"], value=button["value"], block_id="b", channel="D0X", message_ts="1.1"
    )
    with session_factory() as s:
        again = s.scalars(select(Nudge).where(Nudge.kind == "req_approval")).one()
        assert (again.status, again.attempts) == ("pending", 0)
        again.status = "failed"
        s.commit()
    env = {"DATABASE_URL": settings.database_url}
    monday = FRI + timedelta(days=3)
    result = run_here("nudges", "requeue", "--since", "2020-01-01T00:00:00Z", "--now", monday.isoformat(), env=env)
    assert result.returncode == 0 and "requeued 1 failed reminder;" in result.stdout
    assert sweeper_with(TOKEN, session_factory, settings, playbook).run(monday).sent >= 1


def test_one_reminder_that_cannot_be_prepared_never_stops_the_others(
    session_factory, settings, playbook, session, fake_slack
):
    from datetime import time as dtime

    from bot.flows.onboarding.schedule import CHECKIN
    from tests.support.interviews import start_onboarding

    pending_approval(session, settings, playbook)  # a good reminder, due Friday
    ob = start_onboarding(session, settings, playbook)
    due = FRI - timedelta(minutes=1)
    session.add(
        Nudge(
            kind=CHECKIN,
            recipient_id="U0NEWHIRE",
            subject_type="onboarding",
            subject_id=ob.id,
            detail={},
            dedupe_key="bad-row",
            due_at=due,
            local_date=due.date(),
            local_time=dtime(10),
            local_tz="UTC",
            zone_confirmed=True,
            status="pending",
            attempts=0,
            created_at=due,
            updated_at=due,
        )
    )  # a malformed detail: its kind cannot read it
    session.commit()
    result = sweeper_with(TOKEN, session_factory, settings, playbook).run(FRI + timedelta(minutes=1))
    assert result.sent >= 1 and result.failed == 1
    with session_factory() as s:
        bad = s.scalars(select(Nudge).where(Nudge.dedupe_key == "bad-row")).one()
        assert bad.status == "failed" and bad.last_error.startswith("could not be prepared (")
        good = s.scalars(select(Nudge).where(Nudge.recipient_id == "U0APPROVER")).one()
        assert good.status == "sent"
        assert s.scalars(select(Nudge).where(Nudge.kind == ADMIN_ALERT)).all()  # admins told the usual way

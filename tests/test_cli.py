"""The operator's commands: migrate, sweep, clock."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import create_engine, inspect

from bot.worker.clock import SWEEP_JOB_ID, build_scheduler
from tests.support.cli import _database_with_a_due_nudge, run_bot, run_here

TOKEN = {"SLACK_BOT_TOKEN": "xoxb-1-2"}


def test_migrate_creates_the_schema_on_a_fresh_database(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh.db"
    result = run_bot("migrate", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert "requisitions" in inspect(create_engine(url)).get_table_names()


def test_sweep_runs_once_as_of_the_given_instant_and_reports_each_outcome(tmp_path):
    env = TOKEN | {"DATABASE_URL": f"sqlite:///{tmp_path}/s.db", "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    assert run_bot("migrate", env=env).returncode == 0
    result = run_bot("sweep", "--now", "2026-11-27T09:00:00+01:00", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["sent 0", "deferred 0", "cancelled 0", "failed 0"]


def test_sweep_refuses_a_malformed_instant(tmp_path):
    result = run_here("sweep", "--now", "next tuesday", env=TOKEN)
    assert result.returncode == 2
    assert "not an ISO 8601 instant" in result.stderr


def test_unknown_command_shows_usage():
    result = run_bot("dance", env={})
    assert result.returncode == 2 and "serve" in result.stderr and "migrate" in result.stderr


def test_clock_schedules_the_reminders_and_each_chore_as_coalescing_jobs_with_a_real_grace_time():
    from datetime import timedelta

    from bot.worker.chores import Chore

    sent: list[datetime] = []
    done: list[tuple[str, datetime]] = []

    class Worker:
        chores = (Chore("expired", lambda at: 0), Chore("deleted", lambda at: 0, every=timedelta(hours=1)))

        def send(self, now):
            sent.append(now)

        def do(self, chore, now):
            done.append((chore.name, now))

    scheduler = build_scheduler(60, Worker())
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {SWEEP_JOB_ID, "chore:expired", "chore:deleted"}
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
        assert job.misfire_grace_time == job.trigger.interval.total_seconds()
    assert jobs[SWEEP_JOB_ID].trigger.interval.total_seconds() == 60
    assert jobs["chore:expired"].trigger.interval.total_seconds() == 60  # with every tick
    assert jobs["chore:deleted"].trigger.interval.total_seconds() == 3600
    assert str(scheduler.timezone) == "UTC"
    for job in jobs.values():
        job.func()
    assert len(sent) == 1 and sent[0].tzinfo == timezone.utc
    assert sorted(name for name, _ in done) == ["deleted", "expired"] and all(t.tzinfo for _, t in done)


def test_sweep_dry_run_lists_what_is_due_and_changes_nothing(tmp_path):
    url = _database_with_a_due_nudge(tmp_path)
    env = TOKEN | {"DATABASE_URL": url, "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    result = run_here("sweep", "--dry-run", "--now", "2026-11-27T10:00:00Z", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "would send #1 req_approval to U0APPROVER (due 2026-11-27 10:00 UTC, pending)",
        "1 due; nothing changed",
    ]
    again = run_here("sweep", "--dry-run", "--now", "2026-11-27T09:59:00Z", env=env)
    assert again.stdout.splitlines() == ["0 due; nothing changed"]


def test_sweep_command_rechecks_and_reports(tmp_path, fake_slack):
    url = _database_with_a_due_nudge(tmp_path)  # about a requisition that does not exist: cancelled
    env = {"SLACK_BOT_TOKEN": "xoxb-test-token", "DATABASE_URL": url, "SLACK_API_URL": fake_slack.url}
    result = run_here("sweep", "--now", "2026-11-27T10:00:00Z", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["sent 0", "deferred 0", "cancelled 1", "failed 0"]
    assert fake_slack.called("chat.postMessage") == []

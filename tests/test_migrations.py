"""Migrations run both ways on a scratch database, and the models never drift from them."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.db import STATISTICS_RELOAD_SECONDS, make_engine
from bot.migrate import downgrade, upgrade
from bot.models import Base


@pytest.fixture
def scratch_url(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/scratch.db"
        return
    name = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_downgrade_upgrade(scratch_url):
    upgrade(scratch_url)
    engine = make_engine(scratch_url)
    assert "requisitions" in inspect(engine).get_table_names()
    downgrade(scratch_url, "base")
    assert "requisitions" not in inspect(engine).get_table_names()
    upgrade(scratch_url)
    assert "requisitions" in inspect(engine).get_table_names()
    engine.dispose()


def test_models_match_the_migrations(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_hot_queries_are_indexed(engine):
    indexed = {tuple(ix["column_names"]) for ix in inspect(engine).get_indexes("requisitions")}
    assert {("hiring_manager_id",), ("approver_id",), ("status",)} <= indexed


def test_scored_interviews_are_marked_when_the_column_arrives(scratch_url):
    upgrade(scratch_url, "0007")
    engine = make_engine(scratch_url)
    now = "2026-11-20 10:00:00+00:00"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO requisitions (id, hiring_manager_id, approver_id, specialization, level, location, "
                "hiring_model, headcount, target_start, stage, work, mlops, readiness_answers, readiness_yes, "
                "readiness_total, estimate, status, channel_id, created_at, updated_at) VALUES (1, 'U1', 'U2', "
                "'nlp', 'senior', 'remote', 'in_house', 1, '2027-06-01', 'production', 'both', 'moderate', '{}', "
                "6, 6, '{}', 'approved', 'C1', :now, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO candidates (id, requisition_id, name, profile_url, source, added_by, screen_signals, "
                "status, created_at) VALUES (1, 1, 'A', 'https://x', 'referral', 'U1', '[]', 'active', :now)"
            ),
            {"now": now},
        )
        for interview_id, stage in ((1, "technical"), (2, "ethics")):
            conn.execute(
                text(
                    "INSERT INTO interviews (id, candidate_id, stage_key, interviewer_id, assignment_no, status, "
                    "assigned_by, assigned_at) VALUES (:id, 1, :stage, 'U3', 1, 'assigned', 'U1', :now)"
                ),
                {"id": interview_id, "stage": stage, "now": now},
            )
        conn.execute(
            text(
                "INSERT INTO scorecards (interview_id, candidate_id, interviewer_id, stage_key, ratings, red_flags, "
                "recommendation, submitted_at, updated_at) VALUES (1, 1, 'U3', 'technical', '{}', '[]', 'hire', "
                ":now, :now)"
            ),
            {"now": now},
        )
    upgrade(scratch_url)
    with engine.connect() as conn:
        marked = dict(conn.execute(text("SELECT id, scored_at IS NOT NULL FROM interviews")).all())
    engine.dispose()
    assert marked == {1: True, 2: False}  # the scored one leaves the open list; the other stays on it


def test_sqlite_has_planner_statistics_after_migrating_and_the_clock_refreshes_them_daily(tmp_path):
    """bot.db.refresh_statistics: SQLite keeps no statistics of its own (see tests/test_scale.py for why they
    matter); PostgreSQL's autovacuum keeps its own."""
    from datetime import timedelta

    from bot.runtime import chores

    url = f"sqlite:///{tmp_path / 'stats.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").all()
        assert engine.pool._recycle == STATISTICS_RELOAD_SECONDS  # connections reopen to load the new statistics
    finally:
        engine.dispose()
    [daily] = [c for c in chores() if c.name == "statistics"]
    assert daily.every == timedelta(days=1) and not daily.per_workspace  # one database: once, not per workspace

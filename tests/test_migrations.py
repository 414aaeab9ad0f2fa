"""Migrations run both ways on a scratch database, and the models never drift from them."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.db import make_engine
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

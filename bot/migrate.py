"""Alembic, driven from Python: `python -m bot migrate` and the embedded-SQLite start-up."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

# The migrations travel inside the package (package data), so an installed wheel migrates from any directory.
SCRIPTS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    """Alembic configured in code from the installed location: no alembic.ini needed (the repository keeps
    one only for developers' `alembic` commands, pointing at the same folder)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate, then refresh the planner's statistics (bot.db.refresh_statistics): a migration that adds an
    index to tables already full must not leave SQLite guessing between it and the ones it had."""
    command.upgrade(alembic_config(database_url), revision)
    from bot.db import make_engine, refresh_statistics

    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            refresh_statistics(conn)
    finally:
        engine.dispose()


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The revision this code's models need (the newest migration)."""
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()

"""Alembic environment: the URL comes from the caller (bot.migrate) or from DATABASE_URL."""

from logging.config import fileConfig

from alembic import context

from bot.config import load_settings
from bot.db import make_engine
from bot.models import Base, UTCDateTime

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

url = config.attributes.get("database_url") or load_settings().database_url


def _render_item(type_, obj, autogen_context):
    """Migrations spell UTCDateTime as the plain column type it stores, so they never import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=Base.metadata,
        render_item=_render_item,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        **kwargs,
    )


def _run(connection) -> None:
    """Run the migrations on `connection`. On SQLite a batch migration copies a table and drops the old
    one, which foreign-key enforcement refuses while other tables reference it; the keys are switched
    off for the run (outside its transaction, as SQLite requires) and every reference checked after."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    _configure(connection=connection)
    with context.begin_transaction():
        if not sqlite:  # row-level security (0015): migrations may read and write every workspace's rows
            connection.exec_driver_sql("SELECT set_config('app.workspace', '*', true)")
        context.run_migrations()
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        if broken:
            raise RuntimeError(f"the migration left {len(broken)} rows pointing at rows that do not exist")


if context.is_offline_mode():
    _configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        engine = make_engine(url)
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()

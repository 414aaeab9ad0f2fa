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


if context.is_offline_mode():
    _configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
    else:
        engine = make_engine(url)
        with engine.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
        engine.dispose()

"""Engine, session factory and the unit of work around each Slack request.

Why the commit is not in a Bolt middleware: Bolt's `next()` does not wrap the listener (the
listener starts after every middleware has returned), and outside FaaS it runs on an executor
that answers Slack as soon as ack() is called. So the middleware hands each request the session
factory, and `bot.requests.runner.listener` opens the listener's session, commits or rolls it back around
the listener itself, and always closes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from bot.tenancy import KEY, SINGLE

STATISTICS_RELOAD_SECONDS = 3600


def make_engine(url: str, **kwargs) -> Engine:
    """An engine whose errors never carry bound values (candidate names, notes) into logs or tracebacks."""
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        # an open SQLite connection keeps the planner statistics it loaded: reopened hourly, each sees the
        # daily refresh (refresh_statistics) within the hour
        kwargs.setdefault("pool_recycle", STATISTICS_RELOAD_SECONDS)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: Engine, workspace: str | None = SINGLE) -> sessionmaker[Session]:
    """Sessions on `engine`, scoped to `workspace` (bot.tenancy): single-token mode's one workspace unless told
    otherwise. OAuth mode passes None: each request and each worker pass scopes its sessions itself, and a
    session nobody scoped refuses to run."""
    return sessionmaker(engine, expire_on_commit=False, info={KEY: workspace} if workspace else {})


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session: committed if the block ends normally, rolled back if it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def refresh_statistics(conn) -> None:
    """Keep the query planner's statistics current. SQLite keeps none of its own: without them it takes the
    index of every table's low-choice `workspace` column as readily as a person's index, and reads a whole
    workspace to find one person's rows. `ANALYZE` after every migration and once a day (the worker's
    `statistics` chore) lets it see which index narrows the search. The whole of each index is read (about 85 ms
    at a busy company's volume): a sample (`analysis_limit`) misjudged the partial indexes of reminders, and the
    reminder report took 100 ms instead of 3. A connection already open keeps the statistics it loaded; SQLite
    connections are reopened hourly (make_engine) to pick them up. PostgreSQL's autovacuum does all this itself."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ANALYZE")

"""Taking a thing once, across requests and processes: a row keyed by what Slack names it (a view id, an
event id), inserted in the transaction of the change it guards."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models.base import Base


def insert_once(session: Session, row: Base) -> bool:
    """Insert `row`; False when its key was already taken (the caller rolls back). On PostgreSQL a concurrent
    twin waits on the primary key until the first commits and then fails; on SQLite the first writer holds
    the lock."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        return False
    return True

"""The clock's heartbeat: every finished sweep of reminders says so (`beat`), and anyone can ask how long ago the
last one was (`read`).

Nothing else shows that the clock is missing: the web process answers people, and reminders, check-ins and
digests simply stop. So `/healthz` and `python -m bot status` report the heartbeat, and the first /healthz that
finds no sweep for CLOCK_STALE_MINUTES (10 by default) tells the admins in Slack, once per silence
(`claim_alert`: one row update decides which process tells them; the next sweep clears it). A deployment that
never started a clock is noticed the same way: the row's `since` is when the watch began (the migration).

Only the clock's own sweeps beat (`clock`, and `sweep` without `--now`): a sweep as of an instant chosen by hand
says nothing about whether a clock is running. The row is the operator's, not a workspace's: it is read and
written through the engine, outside any workspace's session.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, case, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.migrate import current_revision, head_revision
from bot.models import CLOCK_HEARTBEAT as T

ROW = 1


@dataclass(frozen=True)
class Heartbeat:
    since: datetime  # when the watch began
    swept_at: datetime | None  # the last sweep a clock finished (None: none yet)
    swept_by: str | None

    def silent_since(self) -> datetime:
        return self.swept_at or self.since

    def stale(self, now: datetime, after: timedelta) -> bool:
        return now - self.silent_since() > after

    def report(self, now: datetime, after: timedelta) -> dict:
        """What /healthz and `status` show."""
        return {
            "last_sweep": self.swept_at.isoformat() if self.swept_at else None,
            "seconds_ago": round((now - self.swept_at).total_seconds()) if self.swept_at else None,
            "by": self.swept_by,
            "stale": self.stale(now, after),
            "stale_after_minutes": round(after.total_seconds() / 60),
        }


def who() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def beat(engine: Engine, now: datetime, by: str | None = None) -> None:
    """A clock finished a sweep at `now`: the latest of all clocks' sweeps is kept; a pending alert is over."""
    later = case((T.c.swept_at.is_(None), now), (T.c.swept_at < now, now), else_=T.c.swept_at)
    with engine.begin() as conn:
        changed = conn.execute(
            update(T).where(T.c.id == ROW).values(swept_at=later, swept_by=by or who(), alerted_at=None)
        ).rowcount
        if not changed:
            try:
                with conn.begin_nested():
                    conn.execute(insert(T).values(id=ROW, since=now, swept_at=now, swept_by=by or who()))
            except IntegrityError:  # another clock wrote the row first: keep the later sweep
                conn.execute(update(T).where(T.c.id == ROW).values(swept_at=later, alerted_at=None))


def read(engine: Engine, now: datetime) -> Heartbeat:
    """The heartbeat; a database without the row (emptied by hand) starts watching from `now`."""
    with engine.connect() as conn:
        row = conn.execute(select(T.c.since, T.c.swept_at, T.c.swept_by).where(T.c.id == ROW)).first()
    if row is None:
        try:
            with engine.begin() as conn:
                conn.execute(insert(T).values(id=ROW, since=now))
        except IntegrityError:
            return read(engine, now)
        return Heartbeat(now, None, None)
    return Heartbeat(*row)


def claim_alert(engine: Engine, now: datetime, after: timedelta) -> bool:
    """True for exactly one caller per silence: no sweep for longer than `after`, and nobody has told the admins
    since the last sweep."""
    cutoff = now - after
    silent = case((T.c.swept_at.is_(None), T.c.since), else_=T.c.swept_at) < cutoff
    with engine.begin() as conn:
        return bool(
            conn.execute(
                update(T).where(T.c.id == ROW, T.c.alerted_at.is_(None), silent).values(alerted_at=now)
            ).rowcount
        )


def health(engine: Engine, now: datetime, stale_after: timedelta) -> tuple[dict, Heartbeat | None]:
    """What /healthz answers and `python -m bot status` prints: `status` is "ok" when the database answers and its
    schema is this code's; `clock` is the heartbeat (a silent clock does not make the web process unhealthy: a
    restart of it would not help, so it is reported, and the admins are told). Never raises."""
    try:
        current = current_revision(engine)
    except Exception as exc:  # any failure to reach the database is unhealthy
        return {"status": "error", "database": "unreachable", "error": type(exc).__name__, "clock": None}, None
    head = head_revision()
    if current != head:  # this code needs a newer schema: `python -m bot migrate` has not run
        return {
            "status": "error",
            "database": "ok",
            "schema": "behind",
            "at": current,
            "needs": head,
            "clock": None,
        }, None
    beat = read(engine, now)
    return {"status": "ok", "database": "ok", "clock": beat.report(now, stale_after)}, beat

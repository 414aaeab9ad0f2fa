"""Reminder rows in bulk, for the scale tests and the benchmarks (Core inserts, 10,000 per statement)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import time as dtime

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection

from bot.models import Nudge
from bot.tenancy import SINGLE


def nudge_row(
    i: int, *, due_at: datetime, status: str, people: int = 50, subjects: int = 1000, prefix: str = "seed"
) -> dict:
    return dict(
        kind="req_approval",
        recipient_id=f"U{i % people:07d}",
        subject_type="requisition",
        subject_id=1 + i % subjects,
        dedupe_key=f"{prefix}:{i}",
        due_at=due_at,
        local_date=due_at.date(),
        local_time=dtime(10),
        local_tz="UTC",
        zone_confirmed=True,
        status=status,
        attempts=1 if status != "pending" else 0,
        created_at=due_at - timedelta(days=1),
        updated_at=due_at,
    )


def history(count: int, now: datetime, *, spread: timedelta = timedelta(days=800)) -> Iterator[dict]:
    """`count` sent and cancelled rows, due (and last touched) at instants spread over `spread` before now."""
    step = spread / max(count, 1)
    for i in range(count):
        yield nudge_row(i, due_at=now - step * (i + 1), status=("sent", "cancelled")[i % 3 == 0], prefix="history")


def insert_all(conn: Connection, rows, chunk: int = 10_000, *, workspace: str = SINGLE) -> int:
    batch: list[dict] = []
    done = 0
    for row in rows:
        batch.append(row | {"workspace": workspace})
        if len(batch) == chunk:
            conn.execute(insert(Nudge), batch)
            done += len(batch)
            batch = []
    if batch:
        conn.execute(insert(Nudge), batch)
        done += len(batch)
    return done


def analyze(conn: Connection) -> None:
    """Fresh planner statistics on PostgreSQL (what autovacuum would do); SQLite keeps none by default."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE nudges"))

"""Claiming due reminders: one short transaction per batch, safe with several sweeps at once.

PostgreSQL skips rows another sweep holds (SELECT ... FOR UPDATE SKIP LOCKED); SQLite has one writer at a time
(BEGIN IMMEDIATE). Both then mark the rows `sending` with a lease (`due_at` = lease expiry, `lease_owner` =
this run) through a conditional UPDATE, and hand back only the rows that update made theirs, in due order.
The session is scoped to one workspace (bot.tenancy), so a claim takes only that workspace's reminders.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Nudge, NudgeStatus
from bot.models.reminders import IS_ACTIVE
from bot.models.states import ACTIVE_NUDGE
from bot.worker.outcomes import Claim


def due_rows(now: datetime, limit: int, *columns) -> Select:
    """Active rows due at `now`, earliest first (ties in id order, so one person's reminders go out in the
    order they were made): an index scan of a partial index of active rows (`ix_nudges_workspace_due_at` in a
    workspace's session) that stops at `limit`, however much sent and cancelled history the table holds."""
    return (
        select(*(columns or (Nudge,)))
        .where(IS_ACTIVE, Nudge.due_at <= now)
        .order_by(Nudge.due_at, Nudge.id)
        .limit(limit)
    )


def lease_owner() -> str:
    """Who holds a claim: this host, process and sweep."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim(
    factory: sessionmaker[Session], *, sqlite: bool, now: datetime, owner: str, size: int, lease: timedelta
) -> list[Claim]:
    with factory() as s:
        if sqlite:
            s.connection().exec_driver_sql("BEGIN IMMEDIATE")
        rows = s.execute(
            due_rows(now, size, Nudge.id, Nudge.status, Nudge.claimed_at).with_for_update(skip_locked=True)
        ).all()
        if not rows:
            s.commit()
            return []
        previous = {r.id: r.claimed_at for r in rows if r.status == NudgeStatus.SENDING.value}
        ids_ = [r.id for r in rows]
        s.execute(
            update(Nudge)
            .where(Nudge.id.in_(ids_), Nudge.status.in_(ACTIVE_NUDGE), Nudge.due_at <= now)
            .values(
                status=NudgeStatus.SENDING.value,
                lease_owner=owner,
                claimed_at=now,
                due_at=now + lease,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        mine = list(
            s.scalars(
                select(Nudge).where(
                    Nudge.id.in_(ids_), Nudge.lease_owner == owner, Nudge.status == NudgeStatus.SENDING.value
                )
            )
        )
        s.commit()
    place = {nudge_id: i for i, nudge_id in enumerate(ids_)}  # due order, as claimed
    return [Claim(n, previous.get(n.id)) for n in sorted(mine, key=lambda n: place[n.id])]

"""Bounded history: sent and cancelled reminders older than NUDGE_RETENTION_DAYS are deleted by the sweep,
in small batches (each its own short transaction), and so are the records of accepted form submissions
once no Slack view could still be submitted again, and the ids of Events API deliveries once Slack can no
longer retry them.

Pending, sending and failed rows are never deleted here: the first two are still to be acted on, and
failed ones wait for an admin's *Retry failed*. A dedupe key freed by a deleted row could in principle be
scheduled again; keys name their subject and occasion (an approval round, a check-in day), which are
never re-scheduled more than a year after they happened, and the setting refuses less than 30 days.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import FormSubmission, Nudge, ReceivedEvent
from bot.models.reminders import IS_HISTORY

BATCH = 1000  # rows per transaction: short locks, small WAL
MAX_BATCHES = 5  # per sweep: a backlog of years drains over a few hours of sweeps, never in one long run
SUBMISSION_DAYS = 30  # a modal cannot be submitted again this long after it was accepted
EVENT_DAYS = 7  # Slack retries an event within minutes; a week of ids is far more than any retry needs


def forget_old(factory: sessionmaker[Session], now: datetime, retention_days: int) -> int:
    """Delete up to BATCH × MAX_BATCHES old history rows; how many went."""
    cutoff = now - timedelta(days=retention_days)
    deleted = 0
    for _ in range(MAX_BATCHES):
        with factory() as s:
            ids = list(s.scalars(select(Nudge.id).where(IS_HISTORY, Nudge.updated_at < cutoff).limit(BATCH)))
            if ids:
                s.execute(delete(Nudge).where(Nudge.id.in_(ids), IS_HISTORY, Nudge.updated_at < cutoff))
            claims = list(
                s.scalars(
                    select(FormSubmission.view_id)
                    .where(FormSubmission.created_at < now - timedelta(days=SUBMISSION_DAYS))
                    .limit(BATCH)
                )
            )
            if claims:
                s.execute(delete(FormSubmission).where(FormSubmission.view_id.in_(claims)))
            taken = list(
                s.scalars(
                    select(ReceivedEvent.event_id)
                    .where(ReceivedEvent.received_at < now - timedelta(days=EVENT_DAYS))
                    .limit(BATCH)
                )
            )
            if taken:
                s.execute(delete(ReceivedEvent).where(ReceivedEvent.event_id.in_(taken)))
            s.commit()
        deleted += len(ids)
        if max(len(ids), len(claims), len(taken)) < BATCH:
            break
    return deleted

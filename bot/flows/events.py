"""Each Events API delivery is taken once, by Slack's `event_id`, for any number of processes.

Slack retries an event it thinks was not acknowledged in time (up to three times, with
`X-Slack-Retry-Num`), and on `http_timeout` the retry can arrive while the first delivery is still
being handled. The claim is the first write of the listener's transaction (an INSERT, no read before it):
on PostgreSQL a concurrent twin waits on the primary key until the first commits and then fails; on
SQLite the first writer holds the lock and the second's INSERT then fails. Either way the second runs
nothing. The claim commits with the listener's own change, so a delivery that failed before its commit
claimed nothing and Slack's retry is taken.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.flows.once import insert_once
from bot.models import ReceivedEvent


def claim(session: Session, body: dict, now: datetime) -> bool:
    """Record this delivery's event_id; False when it was already taken (the caller rolls back)."""
    event_id = body.get("event_id")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 64:
        return True  # Slack always sends one; without it there is nothing to key on
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    kind = event.get("type") if isinstance(event.get("type"), str) else ""
    return insert_once(session, ReceivedEvent(event_id=event_id, event_type=kind[:64], received_at=now))

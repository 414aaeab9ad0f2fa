"""Exactly once per modal submission: the view id is claimed in the transaction that stores the change.

A second delivery of the same view (a double click, Slack's retry, two at once) finds the claim
and changes nothing. The claim is written first, so on PostgreSQL a concurrent twin waits on the
primary key until the first commits and then fails, and on SQLite the first write takes the lock.
A submission answered with inline errors claims nothing (its transaction is rolled back), so the
person can correct the form and submit the same view again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.flows.once import insert_once
from bot.models import FormSubmission

ALREADY_RECEIVED = (
    ":information_source: Already received: this form was submitted once and saved. Nothing was created twice."
)


def claim(session: Session, view: dict, now: datetime) -> bool:
    """Record this view's submission; False when it was already taken (the caller rolls back)."""
    view_id = view.get("id") if isinstance(view, dict) else None
    if not isinstance(view_id, str) or not 0 < len(view_id) <= 64:
        return True  # Slack always sends one; without it there is nothing to key on
    if session.scalar(select(FormSubmission.view_id).where(FormSubmission.view_id == view_id)) is not None:
        return False
    callback = view.get("callback_id") if isinstance(view.get("callback_id"), str) else ""
    return insert_once(session, FormSubmission(view_id=view_id, callback_id=callback[:64], created_at=now))

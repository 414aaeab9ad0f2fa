"""What each sweep does for offers before it sends reminders: expire the offers past their expiry
date, and look up by email the new hires expected within 14 days (outside any transaction)."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.flows.offers import joining
from bot.flows.offers.service import expire_overdue

log = logging.getLogger(__name__)


def expire_offers(factory: sessionmaker[Session], settings: Settings, now: datetime) -> int:
    with factory() as s:
        expired = expire_overdue(s, settings, now)
        s.commit()
    return len(expired)


def find_joiners(factory: sessionmaker[Session], client: WebClient, settings: Settings, now: datetime) -> int:
    """Today's look-ups: each claimed first (so two sweeps never both ask), then asked of Slack."""
    with factory() as s:
        due = joining.claim_lookups(s, settings.today(now))
        s.commit()
    found = 0
    for prepared_id, email in due:
        try:
            user = client.users_lookupByEmail(email=email)["user"]
        except SlackApiError as exc:
            if exc.response.get("error") != "users_not_found":
                log.warning(
                    "look-up by email failed", extra={"prepared": prepared_id, "error": exc.response.get("error")}
                )
            continue
        except (OSError, TimeoutError):
            log.warning("look-up by email failed", extra={"prepared": prepared_id, "error": "connection"})
            continue
        if user.get("deleted") or user.get("is_bot"):
            continue
        with factory() as s:
            found += len(joining.joined(s, settings, user.get("id", ""), email, now))
            s.commit()
    return found

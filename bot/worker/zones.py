"""Recipients' time zones: asked of Slack (`users.info`) outside any database transaction, cached 7 days.

Scheduling happens inside a person's request and never waits for Slack, so it uses the cached
zone (or DEFAULT_TIMEZONE); the sweep confirms zones a day ahead and moves each nudge to its
intent in the real zone: a local intent to that local time, an instant to the first working
moment at or after it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.models import Nudge, NudgeStatus
from bot.models.reminders import IS_ACTIVE
from bot.nudges import rows
from bot.nudges.timing import WorkCalendar, intended, next_working_moment
from bot.worker.refusal import AUTH_ERRORS, TokenRefused

log = logging.getLogger(__name__)

LOOKAHEAD = timedelta(days=1)  # confirm recipients' zones this long before their nudges fall due


def ask_slack(client: WebClient, users: list[str]) -> dict[str, str | None]:
    """{user: zone} for those Slack answered for (None: Slack has no zone or no such user). No database here."""
    learned: dict[str, str | None] = {}
    for user in users:
        try:
            learned[user] = client.users_info(user=user)["user"].get("tz")
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in AUTH_ERRORS:
                raise TokenRefused(error) from None
            if error == "user_not_found":
                learned[user] = None  # Slack will never know: remember that, and use the default zone
            else:
                log.warning("zone lookup failed; using the default", extra={"user": user, "error": error})
        except (URLError, OSError) as exc:
            log.warning("zone lookup failed; using the default", extra={"user": user, "error": type(exc).__name__})
    return learned


def recipients(
    factory: sessionmaker[Session], client: WebClient, settings: Settings, users: set[str], now: datetime
) -> dict[str, rows.Recipient]:
    """What the bot knows of each user, after asking Slack about those whose zone is not confirmed."""
    with factory() as s:
        people = rows.recipients(s, users, settings, now)
    unknown = sorted(u for u in users if not people[u].confirmed)
    learned = ask_slack(client, unknown) if unknown else {}
    if learned:
        with factory() as s:
            rows.remember_zones(s, learned, now)
            people = rows.recipients(s, users, settings, now)
            s.commit()
    return people


def confirm(
    factory: sessionmaker[Session],
    client: WebClient,
    settings: Settings,
    calendar: WorkCalendar,
    now: datetime,
    limit: int,
) -> int:
    """Move nudges falling due within a day to their intent in their recipient's confirmed zone."""
    with factory() as s:
        upcoming = list(
            s.scalars(
                select(Nudge)
                .where(
                    IS_ACTIVE,
                    Nudge.status == NudgeStatus.PENDING.value,
                    Nudge.zone_confirmed.is_(False),
                    Nudge.due_at <= now + LOOKAHEAD,
                )
                .order_by(Nudge.due_at)
                .limit(limit)
            )
        )
    if not upcoming:
        return 0
    people = recipients(factory, client, settings, {n.recipient_id for n in upcoming}, now)
    rows = []
    for n in upcoming:
        who = people[n.recipient_id]
        if not who.confirmed:
            continue
        moment = next_working_moment(calendar, intended(n, who.zone), who.zone, who.quiet)
        local = moment.astimezone(who.zone)
        rows.append(
            {
                "b_id": n.id,
                "v_due_at": moment,
                "v_local_tz": who.zone.key,
                "v_local_date": local.date(),
                "v_local_time": local.time().replace(microsecond=0),
            }
        )
    if rows:  # only rows still pending: another sweep may have claimed one meanwhile
        table = Nudge.__table__
        with factory() as s:
            s.connection().execute(
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.status == NudgeStatus.PENDING.value)
                .values(
                    due_at=bindparam("v_due_at"),
                    local_tz=bindparam("v_local_tz"),
                    local_date=bindparam("v_local_date"),
                    local_time=bindparam("v_local_time"),
                    zone_confirmed=True,
                    updated_at=now,
                ),
                rows,
            )
            s.commit()
    return len(rows)

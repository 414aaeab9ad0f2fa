"""Telling admins, once, that a nudge could not be delivered (sent through the engine itself)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import Nudge
from bot.nudges import rows
from bot.nudges.kinds import About, NudgeKind, about
from bot.nudges.timing import at_or_after
from bot.playbook import Playbook

log = logging.getLogger(__name__)

ADMIN_ALERT = "admin_alert"
SUBJECT = "nudge"


def schedule_alerts(session: Session, settings: Settings, failed: list[Nudge], now: datetime) -> None:
    """One alert per failed nudge per admin; the dedupe key makes it once, however often this runs."""
    failed = [n for n in failed if n.kind != ADMIN_ALERT]  # an alert that fails is only logged
    if not failed:
        return
    if not settings.bot_admins:
        log.error("nudges failed and BOT_ADMINS is empty: nobody to tell", extra={"ids": [n.id for n in failed]})
        return
    for nudge in failed:
        tell_admins(session, settings, kind=ADMIN_ALERT, subject_type=SUBJECT, subject_id=nudge.id, now=now)


def tell_admins(
    session: Session, settings: Settings, *, kind: str, subject_type: str, subject_id: int, now: datetime
) -> None:
    """One nudge of `kind` to each admin about the subject, at their next working moment (once: the dedupe key)."""
    admins = rows.recipients(session, set(settings.bot_admins), settings, now)
    calendar = rows.work_calendar(settings)
    for admin in admins.values():
        rows.schedule(
            session,
            kind=kind,
            recipient=admin,
            subject_type=subject_type,
            subject_id=subject_id,
            key=admin.user_id,
            due=at_or_after(calendar, now, admin.zone, admin.quiet),
            now=now,
        )


def _wanted(session: Session, nudges: list[Nudge]) -> set[int]:
    return {n.id for n in nudges}


def _load(session: Session, playbook: Playbook, nudges: list[Nudge]) -> dict[int, About]:
    failed = {n.id: n for n in session.scalars(select(Nudge).where(Nudge.id.in_({a.subject_id for a in nudges})))}
    out = {}
    for alert in nudges:
        f = failed.get(alert.subject_id)
        if f is None:
            continue
        out[alert.id] = about(ADMIN_ALERT, f)
    return out


ADMIN_ALERT_KIND = NudgeKind(ADMIN_ALERT, "delivery-failure alerts", _wanted, _load, stoppable=False, snoozable=False)

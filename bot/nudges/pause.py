"""Delivery paused while Slack refuses the bot token (revoked, rotated, expired, app uninstalled): the
pause's rows and the admins' notice. The worker (bot.worker) decides when a pause starts and ends.

A refused token is not a reminder's fault: the sweep stops, every row stays pending, one error
line is logged when the pause starts, and `sweep` exits non-zero. The clock keeps ticking; each
tick asks Slack (`auth.test`) whether the token works again, and the first sweep that gets
through ends the pause and tells the admins, once, how long delivery was paused (a conditional
UPDATE decides which clock process does it; the alert goes through the engine like any nudge).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import Nudge, SweepPause
from bot.nudges.alerts import tell_admins
from bot.nudges.kinds import About, NudgeKind, about
from bot.playbook import Playbook

log = logging.getLogger(__name__)

PAUSE_ALERT = "admin_pause_alert"
SUBJECT = "sweep_pause"


def open_pause(session: Session) -> SweepPause | None:
    return session.scalar(select(SweepPause).where(SweepPause.ended_at.is_(None)).order_by(SweepPause.id).limit(1))


def start(session: Session, error: str, now: datetime) -> bool:
    """Record that delivery is paused (unless it already is); True when this call started the pause."""
    if open_pause(session) is not None:
        return False
    session.add(SweepPause(started_at=now, error=error[:40]))
    log.error(
        "Slack refused SLACK_BOT_TOKEN (%s): reminder delivery is paused, nothing is lost; it resumes when "
        "the token works again",
        error,
        extra={"error": error},
    )
    return True


def end(session: Session, settings: Settings, now: datetime) -> list[SweepPause]:
    """End every open pause; the caller that ends one schedules the admins' notice in the same transaction."""
    ended = []
    for pause in session.scalars(select(SweepPause).where(SweepPause.ended_at.is_(None))):
        result = session.execute(
            update(SweepPause)
            .where(SweepPause.id == pause.id, SweepPause.ended_at.is_(None))
            .values(ended_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            ended.append(pause)
    for pause in ended:
        tell_admins(session, settings, kind=PAUSE_ALERT, subject_type=SUBJECT, subject_id=pause.id, now=now)
    if ended:
        log.info(
            "Slack accepts SLACK_BOT_TOKEN again: reminder delivery resumed",
            extra={"paused_minutes": round((now - ended[0].started_at).total_seconds() / 60)},
        )
    return ended


def duration(start_at: datetime, end_at: datetime) -> str:
    minutes = int((end_at - start_at).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{minutes} min" if minutes or not (days or hours) else "",
    ]
    return " ".join(p for p in parts if p)


def _load(session: Session, playbook: Playbook, nudges: list[Nudge]) -> dict[int, About]:
    pauses = {
        p.id: p
        for p in session.scalars(
            select(SweepPause).where(
                SweepPause.id.in_({n.subject_id for n in nudges}), SweepPause.ended_at.is_not(None)
            )
        )
    }
    out = {}
    for alert in nudges:
        p = pauses.get(alert.subject_id)
        if p is None:
            continue
        out[alert.id] = about(PAUSE_ALERT, p, duration(p.started_at, p.ended_at))
    return out


PAUSE_ALERT_KIND = NudgeKind(
    PAUSE_ALERT,
    "delivery-pause notices",
    lambda s, nudges: {n.id for n in nudges},
    _load,
    stoppable=False,
    snoozable=False,
)

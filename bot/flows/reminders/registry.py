"""Every kind of nudge the engine can send, by name, and which of a batch have gone stale."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.flows.interviews.reminders import KINDS as INTERVIEW_KINDS
from bot.flows.offers.reminders import KINDS as OFFER_KINDS
from bot.flows.onboarding.schedule import KINDS as ONBOARDING_KINDS
from bot.flows.reminders.alerts import ADMIN_ALERT_KIND
from bot.flows.reminders.kinds import NudgeKind
from bot.flows.reminders.pause import PAUSE_ALERT_KIND
from bot.flows.reminders.timing import intended
from bot.flows.reports.digest import KINDS as DIGEST_KINDS
from bot.flows.requisition.reminders import APPROVAL_ESCALATION, APPROVAL_REMINDER
from bot.models import Nudge
from bot.models.reminders import STALE_PREFIX
from bot.playbook import Playbook

KINDS: dict[str, NudgeKind] = {
    k.name: k
    for k in (
        ADMIN_ALERT_KIND,
        PAUSE_ALERT_KIND,
        APPROVAL_REMINDER,
        APPROVAL_ESCALATION,
        *ONBOARDING_KINDS,
        *INTERVIEW_KINDS,
        *OFFER_KINDS,
        *DIGEST_KINDS,
    )
}


STALE = STALE_PREFIX


def stale_reasons(
    session: Session, playbook: Playbook, by_kind: dict[str, list[Nudge]], now: datetime
) -> dict[int, str]:
    """{nudge id: why} for reminders that no longer make sense: superseded, or too late for their kind."""
    out: dict[int, str] = {}
    for name, group in by_kind.items():
        kind = KINDS.get(name)
        if kind is None:
            continue
        if kind.superseded is not None:
            out |= kind.superseded(session, playbook, group, now)
        if kind.max_late is not None:
            for n in group:
                late = now - intended(n, ZoneInfo(n.local_tz))
                if late > kind.max_late and n.id not in out:
                    out[n.id] = f"more than {kind.max_late.days} days past due (the clock was down)"
    return out

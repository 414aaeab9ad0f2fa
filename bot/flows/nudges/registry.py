"""Every kind of reminder the flows schedule, by name: what `bot.runtime.build_worker` hands the worker."""

from __future__ import annotations

from bot.flows.interviews.nudges import KINDS as INTERVIEW_KINDS
from bot.flows.offers.nudges import KINDS as OFFER_KINDS
from bot.flows.onboarding.schedule import KINDS as ONBOARDING_KINDS
from bot.flows.reports.digest import KINDS as DIGEST_KINDS
from bot.flows.requisition.nudges import APPROVAL_ESCALATION, APPROVAL_REMINDER
from bot.nudges.alerts import ADMIN_ALERT_KIND
from bot.nudges.kinds import NudgeKind
from bot.nudges.pause import PAUSE_ALERT_KIND

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

"""Every reminder kind's message builder, by kind name.

The flows load what a reminder is about (`About`: its kind and the builder's arguments); the words and
Block Kit live here and in each flow's ui module, so no flow imports ui. `bot.runtime.nudge_table`
hands these builders to the worker; `render` builds one message (a checklist rebuilt after a tick).
"""

from __future__ import annotations

from bot.flows.interviews import nudges as interview_kinds
from bot.flows.offers import nudges as offer_kinds
from bot.flows.onboarding import schedule as onboarding_kinds
from bot.flows.reports import digest as digest_kinds
from bot.flows.requisition import nudges as requisition_kinds
from bot.models import Nudge, SweepPause
from bot.mrkdwn import escape
from bot.nudges.alerts import ADMIN_ALERT
from bot.nudges.kinds import About, Rendered
from bot.nudges.pause import PAUSE_ALERT
from bot.ui import digest, interviews, offers, onboarding, requisition
from bot.ui.blocks import section
from bot.ui.words import count


def delivery_failed(failed: Nudge) -> tuple[str, list[dict]]:
    text = (
        f":rotating_light: A reminder could not be delivered: #{failed.id} ({failed.kind}) to "
        f"<@{failed.recipient_id}>, due {failed.due_at:%d %b %Y %H:%M} UTC, after {count(failed.attempts, 'attempt')}: "
        f"{escape(failed.last_error)}. `/ml-report nudges` lists every failed reminder."
    )
    return text, [section(text)]


def delivery_resumed(pause: SweepPause, lasted: str) -> tuple[str, list[dict]]:
    text = (
        f":electric_plug: Reminder delivery was paused for {lasted} ({pause.started_at:%d %b %H:%M} to "
        f"{pause.ended_at:%d %b %H:%M} UTC) because Slack refused the bot token (`{pause.error}`). Nothing was lost: "
        "everything due meanwhile is being delivered now."
    )
    return text, [section(text)]


def _check_in(reminder: bool):
    def build(playbook, ob, day: int, role: str) -> tuple[str, list[dict]]:
        return onboarding.check_in_prompt(playbook, ob, day, role, reminder=reminder)

    return build


BUILDERS = {
    ADMIN_ALERT: delivery_failed,
    PAUSE_ALERT: delivery_resumed,
    requisition_kinds.REMIND: requisition.approval_reminder,
    requisition_kinds.ESCALATE: requisition.approval_escalation,
    onboarding_kinds.START: onboarding.start_items,
    onboarding_kinds.CHECKIN: _check_in(reminder=False),
    onboarding_kinds.CHECKIN_REMINDER: _check_in(reminder=True),
    onboarding_kinds.CHECKIN_LATE: onboarding.check_in_outstanding,
    onboarding_kinds.OVERDUE: onboarding.overdue_items,
    offer_kinds.APPROVAL: offers.approval_reminder,
    offer_kinds.EXPIRING: offers.expiring,
    offer_kinds.EXPIRED: offers.expired,
    offer_kinds.NOT_JOINED: offers.not_joined,
    offer_kinds.JOINED: offers.joined_slack,
    interview_kinds.SCHEDULE: interviews.schedule_nudge,
    interview_kinds.SCHEDULE_LATE: interviews.schedule_late,
    interview_kinds.SCORECARD: interviews.scorecard_prompt,
    interview_kinds.SCORECARD_REMINDER: interviews.scorecard_prompt,
    interview_kinds.SCORECARD_LATE: interviews.scorecard_late,
    digest_kinds.DIGEST: digest.digest_message,
    digest_kinds.OVERDUE: digest.overdue_message,
}


def render(about: About) -> Rendered:
    return Rendered(*BUILDERS[about.kind](*about.args))

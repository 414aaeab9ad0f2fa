"""Stable Slack ids for the onboarding flow, and the typed values carried in views and buttons."""

from __future__ import annotations

from typing import Literal

from bot.flows.inputs import VALUE  # noqa: F401  (re-exported: the action_id inside each input block)
from bot.flows.typed import RecordId, Typed

COMMAND = "/ml-onboard"

START_CALLBACK = "ob_start"
NEW_HIRE = "ob_new_hire"
START_DATE = "ob_start_date"
MANAGER = "ob_manager"
BUDDY = "ob_buddy"
SPECIALIZATION = "ob_specialization"
REQUISITION = "ob_requisition"
CHANNEL = "ob_channel"

TICK = "ob_tick"
ITEM_BLOCK_PREFIX = "ob_item_"

CHECKIN_OPEN = "ob_checkin_open"
CHECKIN_CALLBACK = "ob_checkin"
RAMP_UP = "ob_ramp_up"
CLARITY = "ob_clarity"
WORKLOAD = "ob_workload"
SUPPORT = "ob_support"
PROGRESS = "ob_progress"
BLOCKERS = "ob_blockers"
NOTES = "ob_notes"
SHARE = "ob_share"
QUESTION_PREFIX = "ob_q_"
RETENTION_PREFIX = "ob_keep_"  # + a retention score key (the playbook's onboarding.retention.scores)

NEW_HIRE_SCORES = {RAMP_UP: "ramp_up", CLARITY: "clarity", WORKLOAD: "workload", SUPPORT: "support"}
MANAGER_SCORES = {PROGRESS: "progress"}


class StartMeta(Typed):
    """The start form's private_metadata: the hire it was opened for (their message, or their accepted offer
    once they joined Slack); none from /ml-onboard start."""

    candidate_id: RecordId | None = None

    @classmethod
    def of(cls, raw) -> StartMeta:
        return cls.parse(raw) if raw else cls()


class ItemRef(Typed):
    item_id: RecordId


class CheckInRef(Typed):
    onboarding_id: RecordId
    day: RecordId
    role: Literal["new_hire", "manager"]

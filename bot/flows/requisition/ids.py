"""Stable Slack ids for the requisition flow, and the typed values carried in views and buttons.

Tests import these rather than repeating strings.
"""

from __future__ import annotations

from typing import Literal

from bot.flows.inputs import VALUE  # noqa: F401  (re-exported: the action_id inside each input block)
from bot.flows.typed import RecordId, Typed

COMMAND = "/ml-req"

# The intake modal.
INTAKE_CALLBACK = "req_intake"
SPECIALIZATION = "req_specialization"
LEVEL = "req_level"
LOCATION = "req_location"
HIRING_MODEL = "req_hiring_model"
HEADCOUNT = "req_headcount"
TARGET_START = "req_target_start"
STAGE = "req_stage"
WORK = "req_work"
MLOPS = "req_mlops"
TOOLS = "req_tools"
DOMAIN = "req_domain"
APPROVER = "req_approver"
CHANNEL = "req_channel"
READINESS_PREFIX = "req_ready_"  # + the playbook question key
HAS_SENIOR = "req_has_senior"  # is there a senior ML engineer on the team already (yes/no, optional)
REGULATED = "req_regulated"  # is the domain regulated (yes/no, optional)

# Revising a requisition that awaits a decision or has changes requested: the intake modal, pre-filled.
REVISE = "req_revise"
REVISE_CALLBACK = "req_revise_submit"

# An approved requisition: hold / resume, close (with a reason), change the headcount or start.
HOLD = "req_hold"
RESUME = "req_resume"
CLOSE = "req_close"
CLOSE_CALLBACK = "req_close_submit"
CLOSE_REASON = "req_close_reason"
CLOSE_NOTE = "req_close_note"
CLOSE_CONFIRM = "req_close_confirm"
CHANGE_HEADCOUNT = "req_change_headcount"
HEADCOUNT_CALLBACK = "req_headcount_submit"
HC_HEADCOUNT = "req_hc_headcount"
HC_START = "req_hc_start"
HC_APPROVE = "req_hc_approve"
HC_REJECT = "req_hc_reject"
HC_ACTIONS = "req_hc_actions"

# Decision buttons (channel post and approver DM) and the reason modal.
APPROVE = "req_approve"
REQUEST_CHANGES = "req_request_changes"
REJECT = "req_reject"
DECISION_ACTIONS = "req_decision"
SHOW_JD = "req_show_jd"
REASON_CALLBACK = "req_reason"
REASON = "req_reason_text"


def readiness_block(key: str) -> str:
    return READINESS_PREFIX + key


class RequisitionRef(Typed):
    """Button value naming a requisition; decision buttons also carry the revision they show, so a
    decision taken on a request that was revised since is refused rather than applied to the new text."""

    requisition_id: RecordId
    revision: int | None = None


class HeadcountRef(Typed):
    """A raised headcount waiting for the approver: the buttons name the number they approve."""

    requisition_id: RecordId
    headcount: int


class ReasonMeta(Typed):
    """private_metadata of the reason modal (Request changes / Reject)."""

    requisition_id: RecordId
    decision: Literal["changes_requested", "rejected"]
    revision: int | None = None

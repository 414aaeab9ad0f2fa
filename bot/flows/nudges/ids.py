"""Stable Slack ids for nudge messages, quiet hours and the nudge report."""

from __future__ import annotations

from bot.flows.typed import RecordId, Typed

CONTROLS = "nudge_controls"
SNOOZE = "nudge_snooze"
STOP = "nudge_stop"

REPORT_ACTIONS = "nudge_report_actions"
RETRY_FAILED = "nudge_retry_failed"  # admins, from /ml-report nudges

SET_QUIET = "quiet_hours_open"
QUIET_CALLBACK = "quiet_hours"
QUIET_START = "quiet_start"
QUIET_END = "quiet_end"


class NudgeRef(Typed):
    nudge_id: RecordId

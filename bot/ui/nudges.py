"""Block Kit for nudges: the Snooze / Stop controls, the quiet-hours modal, the admin report."""

from __future__ import annotations

from datetime import time

from bot.flows.nudges import ids
from bot.models import Nudge
from bot.mrkdwn import escape
from bot.nudges.kinds import NudgeKind, Rendered
from bot.ui.blocks import actions, button, context, input_block, modal, plain, section, sections
from bot.ui.words import count


def with_controls(message: Rendered, nudge: Nudge, kind: NudgeKind) -> Rendered:
    ref = ids.NudgeRef(nudge_id=nudge.id).dump()
    buttons = []
    if kind.snoozable:
        buttons.append(button("Snooze 1 day", ids.SNOOZE, ref))
    if kind.stoppable:
        buttons.append(button("Stop these", ids.STOP, ref))
    if not buttons:
        return message
    return Rendered(message.text, [*message.blocks, actions(ids.CONTROLS, *buttons)])


def settled(blocks: list[dict], note: str) -> list[dict]:
    """The clicked nudge message with its controls replaced by what was done."""
    return [b for b in blocks if b.get("block_id") != ids.CONTROLS] + [context(note)]


def quiet_hours_modal(start: time | None, end: time | None) -> dict:
    def picker(block_id: str, label: str, value: time | None) -> dict:
        element = {"type": "timepicker", "action_id": "value", "placeholder": plain("Select a time")}
        if value:
            element["initial_time"] = value.strftime("%H:%M")
        return input_block(block_id, label, element, optional=True)

    return modal(
        ids.QUIET_CALLBACK,
        "Quiet hours",
        [
            section(
                "Reminders never reach you between these times (in your own time zone), on top of "
                "weekends, holidays and the working day. Clear both to remove them."
            ),
            picker(ids.QUIET_START, "Quiet from", start),
            picker(ids.QUIET_END, "Until", end),
        ],
        submit="Save",
    )


def report_blocks(report) -> tuple[str, list[dict]]:
    def line(n: Nudge) -> str:
        why = f": {escape(n.last_error)}" if n.last_error else ""
        when = (
            f"{n.status} {n.updated_at:%d %b %H:%M}"
            if n.status in ("failed", "cancelled")
            else f"due {n.due_at:%d %b %H:%M}"
        )
        return (
            f"• #{n.id} {n.kind} to <@{n.recipient_id}> about {n.subject_type} {n.subject_id}, "
            f"{when} UTC, {count(n.attempts, 'attempt')}{why}"
        )

    lines = [
        f"*Reminders*: {report.pending_text} pending, {len(report.overdue)} overdue, {len(report.failed)} failed, "
        f"{len(report.stuck)} stuck in sending"
    ]
    if report.paused_since:
        lines.append(
            f":electric_plug: *Delivery is paused* since {report.paused_since:%d %b %H:%M} UTC: Slack refuses "
            "the bot token. Nothing is lost; reminders go out once the token works again."
        )
    for title, rows in (
        ("Overdue", report.overdue),
        ("Failed", report.failed),
        ("Stuck (lease ran out)", report.stuck),
        ("Dropped as stale this week", report.stale),
    ):
        if rows:
            lines.append(f"*{title}*")
            if rows is report.stale:
                lines.extend(f"• {n} × {escape(why)}" for why, n in report.stale_reasons)
                lines.append("The latest:")
            lines.extend(line(n) for n in rows)
    blocks = sections(lines)
    if report.failed:
        blocks.append(actions(ids.REPORT_ACTIONS, button("Retry failed", ids.RETRY_FAILED, "all", style="primary")))
    return lines[0].replace("*", ""), blocks


AUDIT_ACTIONS = {
    "requisition_decided": "decided requisition",
    "candidate_decided": "decided on candidate",
    "candidate_exported": "exported the data of candidate",
    "candidate_erased": "erased candidate",
}


def audit_blocks(events: list) -> tuple[str, list[dict]]:
    """The audit log for admins: ids only (an erased candidate is a number here, never a name)."""
    if not events:
        text = "The audit log is empty."
        return text, [section(text)]
    lines = [
        f"• <!date^{int(e.at.timestamp())}^{{date_short}} {{time}}|{e.at:%Y-%m-%d %H:%M} UTC> <@{e.actor_id}> "
        f"{AUDIT_ACTIONS.get(e.action, e.action)} #{e.subject_id}" + (f": {escape(e.detail)}" if e.detail else "")
        for e in events
    ]
    text = f"Audit log: the latest {len(events)} entries"
    return text, [section(f"*{text}*"), *sections(lines)[:45]]

"""The weekly digest's messages: counts in the hiring channel; each hiring manager's overdue scorecards,
with names, in their own DM."""

from __future__ import annotations

from bot.flows.reports.digest import Digest
from bot.flows.reports.overdue import OverdueScorecard
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui.blocks import context, header, section, sections
from bot.ui.words import count, noun

MAX_LATE_LISTED = 10


def digest_message(d: Digest) -> tuple[str, list[dict]]:
    counted = [
        (d.new_requisitions, "new requisition", "this week"),
        (d.approvals_waiting, "approval", "waiting more than 2 business days"),
        (d.unscheduled, "candidate", "waiting to be scheduled"),
        (d.overdue_scorecards, "scorecard", "overdue (each hiring manager has the names)"),
        (d.awaiting_debrief, "debrief", "awaiting a decision"),
        (d.offers_out, "offer", "out"),
        (d.starting, "new hire", "starting this week"),
        (len(d.late), "requisition", "late against their timeline"),
    ]
    items = [(n, f"{noun(n, one)} {rest}") for n, one, rest in counted]
    lines = [f"• *{n}* {what}" for n, what in items if n]
    text = f"Hiring this week ({d.week:%d %b}): " + "; ".join(f"{n} {what}" for n, what in items if n) + "."
    blocks = [header(f"Hiring digest: week of {d.week:%d %b %Y}"), *sections(lines)]
    if d.late:
        late = [
            f"{line.name}: "
            f"{line.weeks_open:g} {noun(line.weeks_open, 'week')} "
            f"(timeline {line.low}–{line.high}) · <@{line.hiring_manager_id}>"
            for line in sorted(d.late, key=lambda line: -line.weeks_open)[:MAX_LATE_LISTED]
        ]
        more = len(d.late) - len(late)
        blocks += sections(["*Late*", *late, *([f"…and {more} more"] if more > 0 else [])])
    blocks.append(context("`/ml-report pipeline` has the detail and the charts."))
    return text[:3000], blocks


def overdue_message(playbook: Playbook, rows: list[OverdueScorecard]) -> tuple[str, list[dict]]:
    text = f"{count(len(rows), 'scorecard')} on your requisitions {noun(len(rows), 'is', 'are')} more than a day late."
    lines = []
    for r in rows[:40]:
        stage = playbook.stage(r.stage_key)
        lines.append(
            f"• <@{r.interviewer_id}>: {stage.label if stage else r.stage_key} with {escape(r.candidate_name)} "
            f"(#{r.requisition_number}), ended {r.ended_at:%d %b}"
        )
    return text, [section(f":hourglass: {text} A word from you usually does it:"), *sections(lines)]

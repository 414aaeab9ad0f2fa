"""Block Kit for the coordinator's reports: pipeline, interviewers, onboarding (paged within Slack's limits)."""

from __future__ import annotations

from bot.flows.reports import figures, ids
from bot.flows.reports.figures import STAGE_LABELS, STAGES
from bot.flows.reports.interviewers import InterviewersReport
from bot.flows.reports.onboarding import ROLES, OnboardingLine
from bot.flows.reports.pipeline import Line, Pipeline
from bot.ui import words
from bot.ui.blocks import actions, button, context, divider, header, section

PAGE_SIZE = 15  # lines per page: each is one section, so a page stays far inside 50 blocks
MARK = {
    figures.ON_TRACK: ":large_green_circle:",
    figures.AT_RISK: ":large_yellow_circle:",
    figures.LATE: ":red_circle:",
}
RISK = {"low_score": "low score", "drop": "score drop", "blockers": "open blockers"}

USAGE = (
    "*/ml-report pipeline*: open requisitions, candidates by stage, time open against the timeline "
    "(charts in your DM).\n"
    "*/ml-report interviewers [days]*: interviews, declines, scorecard turnaround and load (default 90 days; "
    "calibration for admins).\n"
    "*/ml-report me [days]*: your own interviewer figures and calibration.\n"
    "*/ml-report onboarding*: onboardings in their first months: checklist, overdue items, check-ins, risk.\n"
    "Add *csv* for a CSV file in your DM: `/ml-report pipeline csv`, `interviewers 30 csv`, `onboarding csv`, "
    "`nudges csv`.\n"
    "*/ml-report nudges*, */ml-report audit*: the reminder engine and the audit log (admins)."
)


def _pager(ref: ids.PageRef, pages: int) -> list[dict]:
    if pages <= 1:
        return []
    buttons = []
    if ref.page > 1:
        buttons.append(
            button(
                "Previous", f"{ids.PAGE}_prev", ids.PageRef(report=ref.report, page=ref.page - 1, days=ref.days).dump()
            )
        )
    if ref.page < pages:
        buttons.append(
            button("Next", f"{ids.PAGE}_next", ids.PageRef(report=ref.report, page=ref.page + 1, days=ref.days).dump())
        )
    return [context(f"Page {ref.page} of {pages}"), actions(ids.PAGER, *buttons)]


def _page(items: list, page: int) -> tuple[list, int, int]:
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page, pages


def stage_line(stages: figures.StageFigures) -> str:
    return (
        " · ".join(f"{STAGE_LABELS[s]} {stages.counts[s]}" for s in STAGES if stages.counts[s]) or "no candidates yet"
    )


def _requisition(line: Line) -> str:
    slowest = line.stages.slowest
    wait = (
        f"\nLongest wait: *{STAGE_LABELS[slowest[0]]}*, median {slowest[1]:g} {words.noun(slowest[1], 'day')}"
        if slowest
        else ""
    )
    held = " (on hold)" if line.status == "on_hold" else ""
    role = f"{line.role}{held}"
    return (
        f"{MARK[line.timeline]} *#{line.number}* {role} · <@{line.hiring_manager_id}>\n"
        f"{line.weeks_open:g} {words.noun(line.weeks_open, 'week')} since approval, of {line.low}–{line.high} "
        f"({line.timeline}) · "
        f"filled {line.filled} of {line.headcount}\n"
        f"{stage_line(line.stages)}{wait}"
    )


def pipeline_blocks(report: Pipeline, page: int = 1) -> tuple[str, list[dict]]:
    if not report.lines:
        text = "No open requisitions" + (" anywhere." if report.everything else " of yours.")
        return text, [section(text)]
    late, risk = len(report.by_status(figures.LATE)), len(report.by_status(figures.AT_RISK))
    summary = (
        f"{words.count(len(report.lines), 'open requisition')}: {late} late, {risk} at risk. "
        f"{words.count(report.totals.total, 'candidate')}."
    )
    order = sorted(report.lines, key=lambda line: (-list(MARK).index(line.timeline), -line.weeks_open))
    shown, page, pages = _page(order, page)
    blocks = [
        header("Pipeline"),
        section(summary),
        context(f"Across them: {stage_line(report.totals)}"),
        context(
            "Weeks are counted from each requisition's approval, when its search started; the guide counts its "
            "weeks from the start of screening to the offer."
        ),
        divider(),
        *(section(_requisition(line)) for line in shown),
        *_pager(ids.PageRef(report="pipeline", page=page), pages),
    ]
    return summary, blocks


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:g} h"


def _interviewer(line, calibrated: bool) -> str:
    late = "–" if line.late_share is None else f"{round(line.late_share * 100)}%"
    text = (
        f"<@{line.user}> · {words.count(line.done, 'interview')} · {line.declined} declined · "
        f"{words.count(line.scorecards, 'scorecard')}\n"
        f"Median to scorecard {_hours(line.median_hours)} · later than 24 h {late} · this week {line.this_week}"
    )
    if calibrated:
        c = line.calibration
        if c is None:
            text += f"\nCalibration: fewer than {figures.MIN_SCORECARDS} scorecards with others to compare"
        else:
            scored = words.count(c.scorecards, "scorecard")
            text += f"\nCalibration: *{c.lean}* ({c.difference:+.2f} against the panel, {scored})"
        matched, compared = line.agreed
        if compared:
            text += f" · matched the decision {matched} of {compared}"
    return text


def interviewers_blocks(report: InterviewersReport, page: int = 1, *, me: bool = False) -> tuple[str, list[dict]]:
    if not report.lines:
        text = f"No interviews in the last {words.count(report.days, 'day')}" + (" for you." if me else ".")
        return text, [section(text)]
    title = "Your interviews" if me else "Interviewers"
    summary = f"{title}, last {words.count(report.days, 'day')}: {words.count(len(report.lines), 'interviewer')}."
    shown, page, pages = _page(report.lines, page)
    blocks = [
        header(title),
        section(summary),
        *(section(_interviewer(line, report.calibrated)) for line in shown),
        *_pager(ids.PageRef(report="me" if me else "interviewers", page=page, days=report.days), pages),
    ]
    if report.calibrated:
        blocks.insert(
            2,
            context(
                "Calibration: the mean of each rating minus the rest of the panel's on the same candidate and "
                f"competency; beyond ±{figures.LEAN} is lenient or severe."
            ),
        )
    return summary, blocks


def _onboarding(o: OnboardingLine) -> str:
    overdue = ", ".join(f"{o.overdue[r]} {r.replace('_', ' ')}" for r in ROLES if o.overdue.get(r)) or "none"
    if o.latest_day is None:
        check = "no check-in due yet"
    else:
        check = f"day {o.latest_day} check-in {'answered' if o.latest_answered else '*not answered*'}"
    risk = f" · :warning: risk: {', '.join(RISK[k] for k in RISK if k in o.risk)}" if o.risk else ""
    return (
        f"<@{o.new_hire_id}> from {o.start_date:%d %b %Y} · manager <@{o.manager_id}>\n"
        f"Checklist {o.done}/{o.total} · overdue: {overdue} · {check}{risk}"
    )


def onboarding_blocks(lines: list[OnboardingLine], page: int = 1) -> tuple[str, list[dict]]:
    if not lines:
        text = "No onboardings in progress."
        return text, [section(text)]
    at_risk = sum(bool(o.risk) for o in lines)
    summary = f"{words.count(len(lines), 'onboarding')} in progress, {at_risk} with a risk marker."
    shown, page, pages = _page(lines, page)
    return summary, [
        header("Onboarding"),
        section(summary),
        context("Only the kind of risk is shown here; the answers stay with the new hire's manager."),
        *(section(_onboarding(o)) for o in shown),
        *_pager(ids.PageRef(report="onboarding", page=page), pages),
    ]


def charts_note(count: int) -> dict:
    return context(f":bar_chart: {words.count(count, 'chart')} on the way to your DM with the bot.")

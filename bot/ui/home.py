"""The App Home tab: what is waiting on you, your requisitions, your onboardings, settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.flows.nudges import ids as nudge_ids
from bot.flows.reports import ids as report_ids
from bot.models import Candidate, Interview, InterviewStatus, Onboarding
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui.blocks import actions, button, context, divider, header, section, sections
from bot.ui.interviews import local_time
from bot.ui.onboarding import progress_bar
from bot.ui.reports import MARK, stage_line
from bot.ui.requisition import list_message
from bot.ui.words import count, noun

if TYPE_CHECKING:
    from bot.flows.reports.dashboard import Dashboard
    from bot.flows.requisition.service import RequisitionList

MAX_BLOCKS = 100  # Slack's limit for a Home tab
DASHBOARD_LINES = 5  # late and at-risk requisitions named on the dashboard; the report has the rest

COMMANDS = (
    "`/ml-req` opens a requisition · `/ml-candidate` runs the interview loop · "
    "`/ml-onboard` onboards a new hire · add `help` to any of them for more"
)


DM_USAGE = (
    ":wave: I work through slash commands and buttons, not chat. What I can do:\n"
    "• `/ml-req`: open a requisition for an ML role (cost, timeline, readiness, job description, approval); "
    "`/ml-req list`, `/ml-req help`\n"
    "• `/ml-candidate`: add a candidate to an approved requisition; `/ml-candidate list`, `show &lt;name&gt;`, "
    "`export &lt;name&gt;`, `erase &lt;name&gt;`, `help`\n"
    "• `/ml-onboard`: start a new hire's onboarding; `/ml-onboard list`, `status @person`, `help`\n"
    "• `/ml-report pipeline`, `interviewers`, `me`, `onboarding` (add `csv` for a file); `/ml-report nudges`, "
    "`/ml-report audit` (admins)\n"
    "The Home tab shows what is waiting on you."
)


def dashboard_blocks(d: Dashboard) -> list[dict]:
    """The dashboard: a handful of blocks whatever the volume (counts, the worst five, buttons to the rest)."""
    report, late, risk = d.report, d.late, d.at_risk
    lines = [
        f"*Hiring at a glance*: {count(len(report.lines), 'open requisition')}, {len(late)} late, {len(risk)} at risk",
        f"Candidates: {stage_line(report.totals)}",
    ]
    o = d.overdue
    waiting = [
        f"{count(o.scorecards, 'scorecard')} overdue" if o.scorecards else "",
        f"{count(o.approvals, 'approval')} waiting over 2 business days" if o.approvals else "",
        f"{count(o.unscheduled, 'candidate')} waiting for a time" if o.unscheduled else "",
        f"{count(d.onboarding_items, 'onboarding item')} past due" if d.onboarding_items else "",
    ]
    lines.append("Overdue: " + (" · ".join(w for w in waiting if w) or "nothing"))
    worst = sorted(late + risk, key=lambda line: -line.weeks_open)[:DASHBOARD_LINES]
    worst_lines = [
        f"{MARK[line.timeline]} {line.name}: "
        f"{line.weeks_open:g} {noun(line.weeks_open, 'week')} of {line.low}–{line.high}"
        for line in worst
    ]
    if len(late) + len(risk) > len(worst):
        worst_lines.append(f"…and {len(late) + len(risk) - len(worst)} more in the pipeline report")
    buttons = [button("Pipeline report", report_ids.OPEN_REPORT, report_ids.ReportRef(report="pipeline").dump())]
    if d.admin:
        buttons += [
            button(
                "Interviewers",
                f"{report_ids.OPEN_REPORT}_interviewers",
                report_ids.ReportRef(report="interviewers").dump(),
            ),
            button(
                "Onboarding", f"{report_ids.OPEN_REPORT}_onboarding", report_ids.ReportRef(report="onboarding").dump()
            ),
        ]
    blocks = [section("\n".join(lines))]
    if worst_lines:
        blocks.append(section("\n".join(worst_lines)))
    return [*blocks, actions(report_ids.DASHBOARD, *buttons)]


def home_view(
    playbook: Playbook,
    requisitions: RequisitionList,
    interviews: list[tuple[Interview, Candidate]],
    onboardings: list[Onboarding],
    progress: dict[int, tuple[int, int]],
    *,
    dashboard: Dashboard | None = None,
    settings: list[dict] | None = None,
) -> dict:
    head = [header("ML hiring"), context(COMMANDS)]
    if dashboard is not None:
        head += dashboard_blocks(dashboard)
    if interviews:
        lines = ["*Waiting on you*"]
        for interview, candidate in interviews:
            stage = playbook.stage(interview.stage_key)
            what = (
                "set a time"
                if interview.status == InterviewStatus.ASSIGNED
                else f"scorecard after {local_time(interview.ends_at)}"
            )
            lines.append(f"• {stage.label if stage else interview.stage_key} with {escape(candidate.name)}: {what}")
        head += sections(lines)
    _, listing = list_message(playbook, requisitions, everyone=False)
    middle = [divider(), *listing]
    if onboardings:
        middle += [
            divider(),
            *sections(
                ["*Onboardings*"]
                + [
                    f"• <@{o.new_hire_id}> from {o.start_date:%d %b %Y}: {progress_bar(*progress[o.id])}"
                    for o in onboardings
                ]
            ),
        ]
    tail = [
        divider(),
        section(
            "Reminders reach you in working hours; quiet hours keep them out of more.",
            accessory=button("Set quiet hours", nudge_ids.SET_QUIET, "quiet"),
        ),
    ]
    if settings:
        tail += [divider(), *settings]
    room = MAX_BLOCKS - len(head) - len(tail)  # the lists give way, never the dashboard or the settings
    return {"type": "home", "blocks": [*head, *middle[:room], *tail][:MAX_BLOCKS]}

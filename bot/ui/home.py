"""The App Home tab: what is waiting on you, your requisitions, your onboardings, settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.flows.reminders import ids as reminder_ids
from bot.models import Candidate, Interview, InterviewStatus, Onboarding
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui.blocks import button, context, divider, header, section, sections
from bot.ui.interviews import local_time
from bot.ui.onboarding import progress_bar
from bot.ui.requisition import list_message

if TYPE_CHECKING:
    from bot.flows.requisition.service import RequisitionList

COMMANDS = (
    "`/ml-req` opens a requisition · `/ml-candidate` runs the interview loop · "
    "`/ml-onboard` onboards a new hire · add `help` to any of them for more"
)


DM_USAGE = (
    ":wave: I work through slash commands and buttons, not chat. What I can do:\n"
    "• `/ml-req`: open a requisition for an ML role (cost, timeline, readiness, job description, approval); "
    "`/ml-req list`, `/ml-req help`\n"
    "• `/ml-candidate`: add a candidate to an approved requisition; `/ml-candidate list`, `show <name>`, "
    "`export <name>`, `erase <name>`, `help`\n"
    "• `/ml-onboard`: start a new hire's onboarding; `/ml-onboard list`, `status @person`, `help`\n"
    "• `/ml-report nudges`, `/ml-report audit` (admins)\n"
    "The Home tab shows what is waiting on you."
)


def home_view(
    playbook: Playbook,
    requisitions: RequisitionList,
    interviews: list[tuple[Interview, Candidate]],
    onboardings: list[Onboarding],
    progress: dict[int, tuple[int, int]],
) -> dict:
    blocks = [header("ML hiring"), context(COMMANDS)]
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
        blocks += sections(lines)
    _, listing = list_message(playbook, requisitions, everyone=False)
    blocks += [divider(), *listing]
    if onboardings:
        blocks += [
            divider(),
            *sections(
                ["*Onboardings*"]
                + [
                    f"• <@{o.new_hire_id}> from {o.start_date:%d %b %Y}: {progress_bar(*progress[o.id])}"
                    for o in onboardings
                ]
            ),
        ]
    blocks += [
        divider(),
        section(
            "Reminders reach you in working hours; quiet hours keep them out of more.",
            accessory=button("Set quiet hours", reminder_ids.SET_QUIET, "quiet"),
        ),
    ]
    return {"type": "home", "blocks": blocks[:100]}

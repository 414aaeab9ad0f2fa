"""Block Kit for a requisition's later life: revisions and their history, hold, close, headcount."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.flows.requisition import ids
from bot.flows.requisition.jobdesc import role_title
from bot.models import CloseReason, Requisition, RequisitionStatus
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui.blocks import (
    actions,
    button,
    context,
    divider,
    input_block,
    modal,
    option,
    plain,
    prefilled,
    section,
    sections,
)
from bot.ui.requisition import changes_lines, summary, title
from bot.ui.words import count

if TYPE_CHECKING:
    from bot.flows.requisition.service import Assessment


def with_revise(text: str, req: Requisition) -> list[dict]:
    """A DM to the hiring manager, with *Revise* while the requisition can still be revised."""
    blocks = [section(text)]
    if req.status_enum in RequisitionStatus.revisable():
        blocks.append(
            actions("req_hm_actions", button("Revise", ids.REVISE, ids.RequisitionRef(requisition_id=req.id).dump()))
        )
    return blocks


def replaced_request(playbook: Playbook, req: Requisition) -> str:
    return (
        f":pencil: {title(playbook, req)} was revised (revision {req.revision}); "
        "this request is replaced by a new one below."
    )


def revision_receipt(playbook: Playbook, req: Requisition, permalink: str | None) -> str:
    link = f" (<{permalink}|see the post>)" if permalink else ""
    status = "needs preparation" if req.status_enum is RequisitionStatus.NEEDS_PREPARATION else "awaits approval"
    return (
        f"Revision {req.revision} of requisition #{req.number}, {role_title(playbook, req.specialization, req.level)}, "
        f"is saved{link}; it {status} and <@{req.approver_id}> has been asked again."
    )


def show_message(playbook: Playbook, a: Assessment, revisions: list) -> tuple[str, list[dict]]:
    """`/ml-req show`: the requisition as posted, then who revised it, when, and what changed."""
    text, blocks = summary(playbook, a)
    blocks = [b for b in blocks if b.get("type") != "actions"]
    if revisions:
        lines = ["*History* (newest first)"]
        for r in revisions:
            lines.append(f"*Revision {r.number}* by <@{r.revised_by}> on {r.revised_at:%d %b %Y %H:%M} UTC")
            lines += changes_lines(r.changes)
        blocks += [divider(), *sections(lines)]
    else:
        blocks.append(context("Not revised since it was submitted."))
    return text, blocks[:50]


def close_modal(playbook: Playbook, req: Requisition, in_loop: int) -> dict:
    """Close with a reason; with candidates still interviewing, a confirmation that ends their loops."""
    blocks = [
        section(f"*{title(playbook, req)}*"),
        input_block(
            ids.CLOSE_REASON,
            "Why is it closed?",
            {
                "type": "static_select",
                "action_id": ids.VALUE,
                "placeholder": plain("Choose a reason"),
                "options": [option(r.value, r.label) for r in CloseReason],
            },
        ),
        input_block(
            ids.CLOSE_NOTE,
            "Anything the hiring team should know?",
            {"type": "plain_text_input", "action_id": ids.VALUE, "multiline": True},
            optional=True,
            hint="Needed when the reason is Other.",
        ),
    ]
    if in_loop:
        blocks.append(
            input_block(
                ids.CLOSE_CONFIRM,
                f"{count(in_loop, 'candidate')} still interviewing",
                {
                    "type": "checkboxes",
                    "action_id": ids.VALUE,
                    "options": [
                        option("end_loops", "End their loops: cancel their reminders and tell the interviewers")
                    ],
                },
            )
        )
    meta = ids.RequisitionRef(requisition_id=req.id).dump()
    return modal(ids.CLOSE_CALLBACK, "Close requisition", blocks, submit="Close it", private_metadata=meta)


def headcount_modal(playbook: Playbook, req: Requisition) -> dict:
    blocks = prefilled(
        [
            section(
                f"*{title(playbook, req)}*: {req.filled or 0} hired so far. A lower headcount or a new start "
                f"date takes effect now; a higher headcount goes to <@{req.approver_id}> first."
            ),
            input_block(
                ids.HC_HEADCOUNT,
                "Headcount",
                {"type": "plain_text_input", "action_id": ids.VALUE},
                hint="From 1 to 50.",
            ),
            input_block(ids.HC_START, "Target start date", {"type": "datepicker", "action_id": ids.VALUE}),
        ],
        {ids.HC_HEADCOUNT: req.headcount, ids.HC_START: req.target_start},
    )
    meta = ids.RequisitionRef(requisition_id=req.id).dump()
    return modal(ids.HEADCOUNT_CALLBACK, "Change headcount", blocks, submit="Save", private_metadata=meta)


def headcount_request(playbook: Playbook, req: Requisition) -> tuple[str, list[dict]]:
    """The approver's DM: approve or refuse a raised headcount (the buttons name the number)."""
    text = (
        f":busts_in_silhouette: <@{req.hiring_manager_id}> asks to raise the headcount of {title(playbook, req)} "
        f"from {req.headcount} to {req.pending_headcount} ({req.filled or 0} hired so far)."
    )
    ref = ids.HeadcountRef(requisition_id=req.id, headcount=req.pending_headcount or 0).dump()
    buttons = actions(
        ids.HC_ACTIONS,
        button("Approve", ids.HC_APPROVE, ref, style="primary"),
        button("Refuse", ids.HC_REJECT, ref, style="danger"),
    )
    return text, [section(text), buttons]


def headcount_answered(playbook: Playbook, req: Requisition, asked: int, approved: bool, actor: str) -> str:
    verb = "approved" if approved else "refused"
    return f"<@{actor}> {verb} raising the headcount of {title(playbook, req)} to {asked}. It is now {req.headcount}."


def headcount_withdrawn(req: Requisition, asked: int, why: str) -> str:
    return f"The request to raise the headcount of requisition #{req.number} to {asked} was withdrawn: {why}."


def status_notice(playbook: Playbook, req: Requisition, actor: str) -> str:
    """What the hiring channel's thread hears when a requisition is held, resumed, closed or filled."""
    name = title(playbook, req)
    status = req.status_enum
    if status is RequisitionStatus.ON_HOLD:
        return f":double_vertical_bar: <@{actor}> put {name} on hold: no new candidates; scheduling reminders paused."
    if status is RequisitionStatus.APPROVED:
        return f":arrow_forward: <@{actor}> resumed {name}."
    if status is RequisitionStatus.FILLED:
        return f":tada: {name} is filled: {req.filled} of {req.headcount} hired."
    reason = CloseReason(req.close_reason).label.lower() if req.close_reason else "closed"
    return f":lock: <@{actor}> closed {name} ({reason})."


def loops_ended(playbook: Playbook, req: Requisition, names: list[str]) -> str:
    """To an interviewer, once: the candidates they were to interview are no longer in the loop."""
    listed = ", ".join(escape(n) for n in names)
    return (
        f":lock: {title(playbook, req)} was closed, so the loops of {listed} ended. Your interviews with them are "
        "off: no kit, time or scorecard is needed any more."
    )

"""Block Kit for the requisition flow: the intake modal, the post, the approval request, lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.flows.requisition import ids, warnings
from bot.flows.requisition.estimate import CostEstimate, Timeline, posting_range
from bot.flows.requisition.jobdesc import JobDescription, role_title
from bot.flows.requisition.readiness import MOST, MOST_KEY, Readiness
from bot.models import CloseReason, Requisition, RequisitionStatus
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui.blocks import (
    actions,
    button,
    context,
    divider,
    fields,
    header,
    input_block,
    modal,
    section,
    sections,
)
from bot.ui.interviews import requisition_buttons

if TYPE_CHECKING:  # the service imports this module (through its reminders)
    from bot.flows.requisition.service import Assessment, RequisitionList

USAGE = (
    "*/ml-req* opens a new ML-engineering requisition.\n"
    "• `/ml-req`: open the requisition form\n"
    "• `/ml-req list`: your requisitions (as hiring manager or approver) and their status\n"
    "• `/ml-req list all`: every requisition (admins)\n"
    "• `/ml-req show 12`: requisition #12 with its history (its hiring team)\n"
    "• `/ml-req help`: this message"
)


def cost_lines(playbook: Playbook, cost: CostEstimate, req: Requisition | None = None) -> list[str]:
    n = cost.headcount
    label = playbook.hiring_models.model_dump()[cost.hiring_model]
    lines = [f"*Cost estimate* ({label.lower()}, {n} engineer{'s' if n != 1 else ''})"]
    if cost.hiring_model == "in_house":
        m = playbook.total_cost_multiplier
        if cost.band is not None and cost.uplift:
            level = playbook.levels[req.level].noun if req is not None else "the level's"
            lines.append(
                f"• Base salary: {level} band {cost.band} {cost.uplift} = {cost.base_yearly} a year per engineer"
            )
        else:
            lines.append(f"• Base salary: {cost.base_yearly} a year per engineer")
        if cost.premium is not None:
            lines.append(
                f"• With the premium remote senior talent still commands (its size assumed, see below): {cost.premium} "
                "a year per engineer; not included in the figures below"
            )
        if req is not None and cost.base_yearly is not None and cost.base_yearly.open_ended:
            posted, _ = posting_range(playbook, level=req.level, location=req.location)
            lines.append(
                f"• Posted in the job description as {posted}: the band's open top closed at the playbook's "
                "posting maximum (an assumption, not a figure from the guide)"
            )
        lines += [
            f"• Fully loaded (×{m.min}–{m.max} for benefits, payroll taxes, equity, recruiting and onboarding): "
            f"{cost.yearly} a year per engineer",
        ]
    elif cost.hiring_model == "contractor":
        hours = playbook.contractor.hours_per_year
        lines += [
            f"• Rate: {cost.hourly} an hour per engineer",
            f"• Full time ({hours:,} h a year): about {cost.monthly} a month, {cost.yearly} a year per engineer",
        ]
    else:
        lines += [f"• Fee: {cost.monthly} a month per engineer ({cost.yearly} a year)"]
    lines.append(f"• Total for {n}: *{cost.total_yearly} a year*")
    lines += [f"• _Assumption: {a}._" for a in cost.assumptions]
    notes = playbook.cost_notes
    left_out = [notes.left_out]
    if cost.hiring_model == "contractor":
        left_out.append(notes.contractor)
    if req is not None and (req.stage == "production" or warnings.regulated(playbook, warnings.answers_of(req))):
        left_out.append(notes.quality_first)
    if any(left_out):
        lines.append("*What the estimate leaves out*: " + " ".join(t for t in left_out if t))
    return lines


FINISHED = (RequisitionStatus.FILLED, RequisitionStatus.CLOSED)  # the search is over: no start-date warning


def timeline_lines(
    timeline: Timeline, target_start, *, finished: bool = False, guide_counts: str | None = None
) -> list[str]:
    """The timeline counted from the day the search starts (the submission until it is approved, the approval
    after), beside what the guide counts from; the start-date warning only while the search is on (not once it
    is filled or closed)."""
    stands_in = f" ({guide_counts}; here the {timeline.counted_from_what} stands in for it)" if guide_counts else ""
    lines = [
        f"*Timeline*: {timeline.min_weeks}–{timeline.max_weeks} weeks {timeline.basis}, so between "
        f"{timeline.earliest_offer:%d %b %Y} and {timeline.latest_offer:%d %b %Y}, counted from the "
        f"{timeline.counted_from_what} ({timeline.counted_from:%d %b %Y}){stands_in}."
    ]
    if timeline.assumption:
        lines.append(f"_Assumption: {timeline.assumption}._")
    if timeline.start_too_soon and not finished:
        lines.append(
            f":warning: The target start ({target_start:%d %b %Y}) is before the earliest likely offer: "
            "plan a later start, or cover the gap with a contractor or partner."
        )
    return lines


def readiness_lines(readiness: Readiness) -> list[str]:
    """The score, why it pauses (if it does) in the guide's terms, and every gap with what to do."""
    key = f"; the guide's key questions {readiness.key_yes}/{readiness.key_total}" if readiness.key_total else ""
    lines = [f"*Readiness*: {readiness.score} yes{key}"]
    reasons = readiness.pause_reasons
    if reasons:
        lines.append("*Pause and prepare before hiring.* An engineer hired now would spend their time on these gaps:")
        if MOST_KEY in reasons:
            lines.append(
                "• Most of the guide's key questions (data, its ownership, the problem, what AI can do, leadership) "
                "are answered no or not sure; while they are unclear, preparation comes before hiring."
            )
        lines += [f"• *{q.gap}*: {q.pause_on_no}" for q in readiness.blocking]
        if MOST in reasons:
            lines.append("• Most of all the readiness answers are no or not sure.")
        lines.append("Close them first:")
    elif readiness.gaps:
        lines.append("Gaps to close alongside hiring:")
    else:
        lines.append("Every readiness check passes.")
    lines += [
        f"• *{q.gap}* (not sure): {q.find_out} {q.advice}" if q.key in readiness.unsure else f"• *{q.gap}*: {q.advice}"
        for q in readiness.gaps
    ]
    return lines


def warning_lines(playbook: Playbook, req: Requisition) -> list[str]:
    """What the guide would warn about for these answers, and which hiring model fits what."""
    answers = warnings.answers_of(req)
    found = warnings.warnings(playbook, answers)
    lines = ["*Before you hire*", *[f":warning: {w}" for w in found]] if found else []
    advice = [f"• {line}" for line in warnings.hiring_model_advice(playbook, answers)]
    return [*lines, f"*Hiring model*: {warnings.hiring_model_note(playbook, req.hiring_model)}", *advice]


def status_line(req: Requisition) -> str:
    status = req.status_enum
    when = f"{req.decided_at:%d %b %Y}" if req.decided_at else ""
    reason = f": “{escape(req.decision_reason)}”" if req.decision_reason else ""
    closed = CloseReason(req.close_reason).label if req.close_reason else "no reason given"
    if req.close_note:
        closed += f" (“{escape(req.close_note)}”)"
    return {
        RequisitionStatus.PENDING_APPROVAL: f":hourglass_flowing_sand: Awaiting approval from <@{req.approver_id}>",
        RequisitionStatus.NEEDS_PREPARATION: (
            f":construction: Needs preparation; awaiting a decision from <@{req.approver_id}>"
        ),
        RequisitionStatus.APPROVED: f":white_check_mark: Approved by <@{req.decided_by}> on {when}",
        RequisitionStatus.CHANGES_REQUESTED: f":pencil2: Changes requested by <@{req.decided_by}> on {when}{reason}",
        RequisitionStatus.REJECTED: f":no_entry: Rejected by <@{req.decided_by}> on {when}{reason}",
        RequisitionStatus.ON_HOLD: ":double_vertical_bar: On hold: no new candidates, scheduling reminders paused",
        RequisitionStatus.CLOSED: f":lock: Closed by <@{req.closed_by}>: {closed}",
        RequisitionStatus.FILLED: f":tada: Filled: {req.filled} of {req.headcount} hired",
    }[status]


def headcount_text(req: Requisition) -> str:
    """ "2", or once hiring started "filled 1 of 3", with a raise waiting for the approver."""
    text = str(req.headcount)
    if req.status_enum in (*RequisitionStatus.hiring(), RequisitionStatus.FILLED, RequisitionStatus.CLOSED):
        text = f"filled {req.filled or 0} of {req.headcount}"
    if req.pending_headcount:
        text += f" (raise to {req.pending_headcount} awaiting approval)"
    return text


def title(playbook: Playbook, req: Requisition) -> str:
    return f"Requisition #{req.number}: {role_title(playbook, req.specialization, req.level)}"


def changes_lines(changes: list[dict]) -> list[str]:
    """What a revision changed, one line per answer: old → new (the values escaped: some are typed text)."""
    return [f"• {escape(c['field'])}: {escape(c['old'])} → {escape(c['new'])}" for c in changes]


def summary(
    playbook: Playbook,
    a: Assessment,
    *,
    intro: str | None = None,
    changes: list[dict] | None = None,
    approver_copy: bool = False,
) -> tuple[str, list[dict]]:
    """The requisition as posted in the hiring channel and sent to the approver.

    Decision buttons appear only while it awaits a decision, so a decided post has none left. A
    revised requisition says so ("Revised (n)") and, right after the revision, what changed.
    """
    req, pb = a.requisition, playbook
    blocks: list[dict] = []
    if intro:
        blocks.append(section(intro))
    blocks += [
        header(title(pb, req)),
        fields(
            [
                ("Specialization", pb.specializations[req.specialization].label),
                ("Level", pb.levels[req.level].label),
                ("Location", pb.locations[req.location].label),
                ("Hiring model", pb.hiring_models.model_dump()[req.hiring_model]),
                ("Headcount", headcount_text(req)),
                ("Target start", f"{req.target_start:%d %b %Y}"),
                ("Scope", f"{pb.scope.stage[req.stage]}; {pb.scope.work[req.work]}; {pb.scope.mlops[req.mlops]}"),
                ("Hiring manager", f"<@{req.hiring_manager_id}>"),
                ("Approver", f"<@{req.approver_id}>"),
                ("Status", req.status_enum.label.capitalize()),
            ]
        ),
    ]
    extra = []
    if req.tools:
        extra.append(f"*Tools*: {escape(req.tools)}")
    if req.domain:
        extra.append(f"*Business domain*: {escape(req.domain)}")
    blocks += sections(extra)
    blocks += [
        divider(),
        *sections(cost_lines(pb, a.cost, req)),
        *sections(
            timeline_lines(
                a.timeline,
                req.target_start,
                finished=req.status_enum in FINISHED,
                guide_counts=pb.timelines.counted_from_note if req.hiring_model == "in_house" else None,
            )
        ),
    ]
    blocks += [divider(), *sections(readiness_lines(a.readiness)), *sections(warning_lines(pb, req))]
    if req.revision:
        blocks.append(context(f":pencil: Revised ({req.revision})"))
        if changes:
            blocks += sections([f"*What changed in revision {req.revision}*", *changes_lines(changes)])
    blocks.append(context(status_line(req)))
    blocks.append(decision_actions(req, approver_copy=approver_copy))
    revised = f" (revised {req.revision})" if req.revision else ""
    text = f"{title(pb, req)}: {req.status_enum.label}{revised}"
    return text, blocks


def decision_actions(req: Requisition, *, approver_copy: bool = False) -> dict:
    """Approve / Request changes / Reject while it awaits a decision (carrying the revision shown); the job
    description always. The post also offers what the hiring manager may do in its state (Revise while it can
    be changed; the loop, headcount, hold, resume and close); the approver's copy offers only the decision."""
    ref = ids.RequisitionRef(requisition_id=req.id).dump()
    buttons = []
    if req.status_enum in RequisitionStatus.awaiting_decision():
        shown = ids.RequisitionRef(requisition_id=req.id, revision=req.revision or 0).dump()
        buttons = [
            button("Approve", ids.APPROVE, shown, style="primary"),
            button("Request changes", ids.REQUEST_CHANGES, shown),
            button("Reject", ids.REJECT, shown, style="danger"),
        ]
    if not approver_copy and req.status_enum in RequisitionStatus.revisable():
        buttons.append(button("Revise", ids.REVISE, ref))
    buttons.append(button("Job description", ids.SHOW_JD, ref))
    if approver_copy:
        return actions(ids.DECISION_ACTIONS, *buttons)
    if req.status_enum is RequisitionStatus.APPROVED:
        buttons += requisition_buttons(req)
        buttons += [button("Change headcount", ids.CHANGE_HEADCOUNT, ref), button("Put on hold", ids.HOLD, ref)]
    if req.status_enum is RequisitionStatus.ON_HOLD:
        buttons.append(button("Resume", ids.RESUME, ref, style="primary"))
    if req.status_enum in RequisitionStatus.hiring():
        buttons.append(button("Close", ids.CLOSE, ref, style="danger"))
    return actions(ids.DECISION_ACTIONS, *buttons)


def approval_reminder(playbook: Playbook, req: Requisition) -> tuple[str, list[dict]]:
    text = (
        f":bell: Requisition #{req.number}, {role_title(playbook, req.specialization, req.level)}, from "
        f"<@{req.hiring_manager_id}> is still waiting for your decision (submitted {req.created_at:%d %b})."
    )
    return text, [section(text), decision_actions(req, approver_copy=True)]


def approval_escalation(playbook: Playbook, req: Requisition) -> tuple[str, list[dict]]:
    text = (
        f":hourglass: <@{req.approver_id}> has not decided requisition #{req.number}, "
        f"{role_title(playbook, req.specialization, req.level)}, since {req.created_at:%d %b}. "
        "A word with them helps; an admin can decide it too."
    )
    return text, [section(text)]


def job_description_blocks(jd: JobDescription) -> list[dict]:
    lines: list[str] = []
    for heading, body in jd.sections:
        lines.append(f"*{heading}*")
        lines.extend(escape(line) for line in body)
    notes = [context("For reviewers, not the posting: " + "; ".join(f"_assumption: {n}_" for n in jd.notes))]
    return [header(jd.title), *sections(lines), *(notes if jd.notes else [])]


def job_description_message(req: Requisition, jd: JobDescription) -> tuple[str, list[dict]]:
    blocks = [
        context(f"Job description draft for requisition #{req.number}; edit freely before posting it."),
        *job_description_blocks(jd),
    ]
    return f"Job description draft: {jd.title}", blocks


def job_description_modal(jd: JobDescription) -> dict:
    return modal("req_jd_view", "Job description", job_description_blocks(jd), close="Close")


def reason_modal(meta: ids.ReasonMeta, req_title: str) -> dict:
    verb = "Request changes" if meta.decision == "changes_requested" else "Reject requisition"
    return modal(
        ids.REASON_CALLBACK,
        verb,
        [
            section(f"*{req_title}*"),
            input_block(
                ids.REASON,
                "What should the hiring manager know?" if meta.decision == "changes_requested" else "Why reject it?",
                {"type": "plain_text_input", "action_id": ids.VALUE, "multiline": True},
            ),
        ],
        submit="Send",
        private_metadata=meta.dump(),
    )


def list_message(
    playbook: Playbook, result: RequisitionList, *, everyone: bool, refused_all: bool = False
) -> tuple[str, list[dict]]:
    note = [context("Only admins can list every requisition; here are yours.")] if refused_all else []
    if not result.rows:
        text = "No requisitions yet." if everyone else "You have no requisitions yet. Open one with `/ml-req`."
        return text, [*note, section(text)]
    heading = "All requisitions" if everyone else "Your requisitions"
    lines = [f"*{heading}* (newest first)"]
    for req in result.rows:
        role = role_title(playbook, req.specialization, req.level)
        lines.append(
            f"• *#{req.number}* {role} ({headcount_text(req)}): {req.status_enum.label}, hiring manager "
            f"<@{req.hiring_manager_id}>, approver <@{req.approver_id}>"
        )
    blocks = [*note, *sections(lines)]
    if result.total > len(result.rows):
        blocks.append(context(f"Showing the newest {len(result.rows)} of {result.total}."))
    return f"{heading}: {result.total}", blocks


def decision_notice(playbook: Playbook, req: Requisition, permalink: str | None) -> str:
    link = f" (<{permalink}|see the post>)" if permalink else ""
    role = role_title(playbook, req.specialization, req.level)
    status = req.status_enum
    if status is RequisitionStatus.APPROVED:
        return (
            f":white_check_mark: <@{req.decided_by}> approved requisition #{req.number}, {role}{link}. "
            "You can start hiring."
        )
    reason = escape(req.decision_reason)
    if status is RequisitionStatus.CHANGES_REQUESTED:
        return (
            f":pencil2: <@{req.decided_by}> asked for changes to requisition #{req.number}, {role}{link}: "
            f"“{reason}”. Press *Revise* to change your answers; the approver is asked again."
        )
    return f":no_entry: <@{req.decided_by}> rejected requisition #{req.number}, {role}{link}: “{reason}”."


def receipt(playbook: Playbook, a: Assessment, permalink: str | None, posted: bool) -> str:
    req = a.requisition
    where = f"posted in <#{req.channel_id}>" + (f" (<{permalink}|open>)" if permalink else "")
    if not posted:
        where = (
            f"saved, but I could not post it in <#{req.channel_id}>: invite me there "
            "(`/invite @ML Hiring`) so the hiring team can follow it"
        )
    note = ""
    if a.readiness.should_pause:
        note = (
            f"\nReadiness is {a.readiness.score} yes: the post says why to pause and what to prepare before hiring; "
            "the requisition is recorded as *needs preparation*."
        )
    return (
        f"Requisition #{req.number}, {role_title(playbook, req.specialization, req.level)}, is {where}. "
        f"<@{req.approver_id}> has been asked to approve it.{note}"
    )

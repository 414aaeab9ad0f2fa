"""Block Kit for the interview loop: adding candidates, the plan, assigning, kits and nudges."""

from __future__ import annotations

from datetime import datetime

from bot.flows.interviews import ids, kits
from bot.flows.interviews.forms import SOURCES, VERDICTS
from bot.flows.requisition import warnings
from bot.flows.requisition.ids import RequisitionRef
from bot.flows.requisition.jobdesc import role_title
from bot.models import (
    Candidate,
    CandidateStatus,
    Decision,
    Interview,
    InterviewStatus,
    Offer,
    Requisition,
    decided,
)
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui import offers as offers_ui
from bot.ui.blocks import actions, button, context, input_block, modal, option, plain, section, sections
from bot.ui.words import count

USAGE = (
    "*/ml-candidate* runs the interview loop.\n"
    "• `/ml-candidate`: add a candidate to an approved requisition\n"
    "• `/ml-candidate list [requisition number]`: candidates whose hiring team you are on\n"
    "• `/ml-candidate show &lt;name&gt;`: stage, status and (when you may see them) scores\n"
    "• `/ml-candidate export &lt;name&gt;` and `/ml-candidate erase &lt;name&gt;`: their data, on request "
    "(hiring manager or admin)\n"
    "• `/ml-candidate help`: this message"
)


def _text(
    block_id: str,
    label: str,
    *,
    optional: bool = False,
    multiline: bool = False,
    placeholder: str = "",
    initial: str | None = None,
) -> dict:
    element = {"type": "plain_text_input", "action_id": ids.VALUE, "multiline": multiline}
    if placeholder:
        element["placeholder"] = plain(placeholder)
    if initial:
        element["initial_value"] = initial
    return input_block(block_id, label, element, optional=optional)


def candidate_modal(playbook: Playbook, requisitions: list[Requisition], selected: int | None = None) -> dict:
    req_options = [
        option(
            str(r.id),
            f"#{r.number} {role_title(playbook, r.specialization, r.level)}"[:75],
        )
        for r in requisitions
    ]
    req_element = {
        "type": "static_select",
        "action_id": ids.VALUE,
        "placeholder": plain("Approved requisition"),
        "options": req_options,
    }
    chosen = [o for o in req_options if o["value"] == str(selected)]
    if chosen:
        req_element["initial_option"] = chosen[0]
    blocks = [
        input_block(ids.REQUISITION, "Requisition", req_element),
        _text(ids.NAME, "Candidate name"),
        _text(ids.PROFILE, "Resume or profile link", placeholder="https://"),
        input_block(
            ids.SOURCE,
            "Source",
            {"type": "static_select", "action_id": ids.VALUE, "options": [option(k, v) for k, v in SOURCES.items()]},
        ),
        _text(ids.EMAIL, "Email", optional=True),
        input_block(
            ids.SIGNALS,
            "Resume screen: what the resume shows",
            {
                "type": "checkboxes",
                "action_id": ids.VALUE,
                "options": [option(k, v) for k, v in playbook.interviews.resume_signals.items()],
            },
            optional=True,
            hint=(
                "Outcomes, not buzzwords or credentials: practical experience and end-to-end ownership predict "
                "more than degrees or a list of tools."
            ),
        ),
        input_block(
            ids.VERDICT,
            "Screener's verdict",
            {"type": "radio_buttons", "action_id": ids.VALUE, "options": [option(k, v) for k, v in VERDICTS.items()]},
            optional=True,
        ),
    ]
    return modal(ids.CANDIDATE_CALLBACK, "Add a candidate", blocks, submit="Add")


def requisition_buttons(req: Requisition) -> list[dict]:
    value = RequisitionRef(requisition_id=req.id).dump()
    return [button("Add candidate", ids.ADD_CANDIDATE, value), button("Interview plan", ids.EDIT_PLAN, value)]


def candidate_card(
    playbook: Playbook,
    candidate: Candidate,
    stages: list[str],
    loop: list[Interview],
    scored: set[int],
    offer: Offer | None = None,
    *,
    may_prepare: bool = False,
) -> tuple[str, list[dict]]:
    """For the requisition's thread: stages and their state, never scores; after a Hire, the offer's
    state (never its figures) and *Prepare offer* while one can be prepared (`may_prepare`: a hire, the
    requisition still hiring, no offer open or accepted)."""
    by_stage = {i.stage_key: i for i in loop}
    lines = [f"*Candidate: {escape(candidate.name)}* ({SOURCES.get(candidate.source, candidate.source)})"]
    for key in stages:
        interview = by_stage.get(key)
        label = playbook.stage(key).label if playbook.stage(key) else key
        if interview is None or interview.status == InterviewStatus.DECLINED:
            state = "needs an interviewer"
        elif interview.id in scored:
            state = f"<@{interview.interviewer_id}>: scorecard in"
        elif interview.status == InterviewStatus.SCHEDULED:
            stamp = int(interview.starts_at.timestamp())
            state = f"<@{interview.interviewer_id}>: <!date^{stamp}^{{date_short}} {{time}}|scheduled>"
        else:
            state = f"<@{interview.interviewer_id}>: time not set yet"
        lines.append(f"• {label}: {state}")
    if candidate.decision:
        lines.append(f"*Decision*: {candidate.decision.replace('_', ' ')} by <@{candidate.decided_by}>")
    closed = candidate.status == CandidateStatus.CLOSED.value
    if closed:
        lines.append(":lock: *Loop ended*: the requisition was closed.")
    if (offer_line := offers_ui.card_line(offer)) is not None:
        lines.append(offer_line)
    ref = ids.CandidateRef(candidate_id=candidate.id).dump()
    blocks = sections(lines)
    if not decided(candidate.decision) and not closed:
        blocks.append(actions(ids.CANDIDATE_ACTIONS, button("Assign interviewers", ids.ASSIGN, ref)))
    elif may_prepare:
        blocks.append(actions(ids.CANDIDATE_ACTIONS, offers_ui.prepare_button(candidate)))
    return f"Candidate {escape(candidate.name)}", blocks


def assign_modal(
    playbook: Playbook, candidate: Candidate, stages: list[str], current: dict[str, str], load: dict[str, int]
) -> dict:
    blocks = [
        section(
            f"*{escape(candidate.name)}*: pick one interviewer per stage. Each gets the interview kit "
            "and a button to set the time."
        )
    ]
    for key in stages:
        element = {"type": "users_select", "action_id": ids.VALUE, "placeholder": plain("Interviewer")}
        hint = None
        if key in current:
            element["initial_user"] = current[key]
            hint = f"Interviews this week: {load.get(current[key], 0)}"
        block = input_block(ids.STAGE_PREFIX + key, playbook.stage(key).label, element, hint=hint)
        block["dispatch_action"] = True  # picking someone shows their load
        blocks.append(block)
    taken = [u for u in dict.fromkeys(current.values()) if list(current.values()).count(u) > 1]
    if taken:
        who = ", ".join(f"<@{u}>" for u in taken)
        blocks.append(
            context(
                f":warning: {who} take{'s' if len(taken) == 1 else ''} more than one stage: the panel "
                "has fewer independent views. Fine for a small team; the debrief counts interviewers, "
                "not stages, and each stage still gets its own scorecard."
            )
        )
    return modal(
        ids.ASSIGN_CALLBACK,
        "Assign interviewers",
        blocks,
        submit="Assign",
        private_metadata=ids.CandidateRef(candidate_id=candidate.id).dump(),
    )


def kit(
    playbook: Playbook, interviews: list[Interview], candidate: Candidate, req: Requisition
) -> tuple[str, list[dict]]:
    """One interviewer's kit for their stages of a candidate's loop (a small team's panelist may take several),
    each stage with its questions, red flags, competencies and its own time and decline buttons while the loop
    is open (not once the stage is scored or declined, the candidate decided or the requisition closed)."""
    labels = [playbook.stage(i.stage_key).label for i in interviews]
    text = (
        f":briefcase: You are interviewing *{escape(candidate.name)}* for requisition #{req.number} "
        f"({role_title(playbook, req.specialization, req.level)}): "
        + " and ".join(f"*{label}*" for label in labels)
        + "."
    )
    blocks = sections([text, f"Profile: {escape(candidate.profile_url)}"])
    for interview in interviews:
        stage = playbook.stage(interview.stage_key)
        comps = ", ".join(playbook.interviews.competencies[c].label for c in stage.competencies)
        asked = kits.questions_for(playbook, interview.stage_key, req.specialization, req.level, turn=candidate.id or 0)
        iv = playbook.interviews
        assumed = f" (_{iv.minutes_assumption}_)" if iv.minutes_assumption else ""
        lines = [f"*{stage.label}*, about {stage.minutes} minutes{assumed}", "*Questions to draw from*"]
        lines += [f"• {q}" for q in asked]
        compliance = playbook.intake_warnings.compliance_question
        if stage.key == "ethics" and compliance and warnings.regulated(playbook, warnings.answers_of(req)):
            lines.append(f"• {compliance}")
        if exercise := kits.exercise_for(playbook, interview.stage_key, req.specialization):
            lines.append(f"*Practical exercise*: {exercise} {iv.exercise_explain}".rstrip())
            limit = f" Take-home: {iv.take_home_limit}." if iv.take_home_limit else ""
            lines.append(f"_{iv.take_home_advice}{limit}_")
        lines += ["*Red flags to watch*", *[f"• {f}" for f in kits.stage_red_flags(playbook, stage.key, req.level)]]
        if stage.good_answer:
            lines.append(f"*A strong answer*: {stage.good_answer}")
        lines.append(f"*You will rate*: {comps}")
        ref = ids.InterviewRef(interview_id=interview.id, assignment_no=interview.assignment_no).dump()
        block_id = ids.KIT_ACTIONS if len(interviews) == 1 else f"{ids.KIT_ACTIONS}_{interview.stage_key}"
        blocks += sections(lines)
        if interview.scored_at is not None:
            blocks.append(context(":white_check_mark: Your scorecard is in: nothing left to do here."))
        elif interview.status == InterviewStatus.DECLINED.value:
            blocks.append(context("You declined this interview."))
        elif candidate.status == CandidateStatus.CLOSED.value:
            blocks.append(context(":lock: The loop ended when the requisition was closed: nothing left to do here."))
        elif decided(candidate.decision):
            label = Decision(candidate.decision).label.lower()
            blocks.append(context(f"The candidate is decided ({label}): nothing left to do here."))
        else:
            blocks.append(
                actions(
                    block_id,
                    button("Set interview time", ids.SET_TIME, ref, style="primary"),
                    button("Decline", ids.DECLINE, ref),
                )
            )
    return text, blocks[:50]


def time_modal(ref: ids.InterviewRef, durations: tuple[int, ...], default: int, about: str) -> dict:
    """`about`: whose interview and which stage ("Grace Hopper: ML system design, requisition #2"), as typed."""
    default = default if default in durations else 60
    return modal(
        ids.TIME_CALLBACK,
        "Interview time",
        [
            section(escape(about)),
            input_block(ids.WHEN, "When (in your own time zone)", {"type": "datetimepicker", "action_id": ids.VALUE}),
            input_block(
                ids.DURATION,
                "Length",
                {
                    "type": "static_select",
                    "action_id": ids.VALUE,
                    "initial_option": option(str(default), f"{default} minutes"),
                    "options": [option(str(d), f"{d} minutes") for d in durations],
                },
            ),
        ],
        submit="Save",
        private_metadata=ref.dump(),
    )


def decline_modal(ref: ids.InterviewRef) -> dict:
    return modal(
        ids.DECLINE_CALLBACK,
        "Decline interview",
        [_text(ids.REASON, "Why? The hiring manager will see this.", multiline=True)],
        submit="Decline",
        private_metadata=ref.dump(),
    )


def time_set_note(interview: Interview) -> str:
    return (
        f":calendar: Set for <!date^{int(interview.starts_at.timestamp())}^{{date_long_pretty}} at {{time}}|"
        f"{interview.starts_at:%d %b %H:%M} UTC>. The scorecard arrives about an hour after it ends."
    )


def declined_notice(playbook: Playbook, interview: Interview, candidate: Candidate) -> str:
    return (
        f":no_entry_sign: <@{interview.interviewer_id}> declined the {playbook.stage(interview.stage_key).label} "
        f"interview with {escape(candidate.name)}: “{escape(interview.decline_reason)}”. Pick someone else with "
        "*Assign interviewers* on the candidate's card."
    )


# --- nudges (rendered by the reminder engine) ------------------------------------------------
def schedule_nudge(
    playbook: Playbook, interview: Interview, candidate: Candidate, req: Requisition, kind: str
) -> tuple[str, list[dict]]:
    text = (
        f":bell: Please set a time for your {playbook.stage(interview.stage_key).label} interview with "
        f"{escape(candidate.name)}, or decline it."
    )
    ref = ids.InterviewRef(interview_id=interview.id, assignment_no=interview.assignment_no).dump()
    return text, [
        section(text),
        actions(ids.KIT_ACTIONS, button("Set interview time", ids.SET_TIME, ref), button("Decline", ids.DECLINE, ref)),
    ]


def schedule_late(
    playbook: Playbook, interview: Interview, candidate: Candidate, req: Requisition, kind: str
) -> tuple[str, list[dict]]:
    text = (
        f":hourglass: <@{interview.interviewer_id}> has not set a time for the "
        f"{playbook.stage(interview.stage_key).label} interview with {escape(candidate.name)} after 4 business "
        "days. Nudge them, or reassign it from the candidate's card."
    )
    return text, [section(text)]


def scorecard_prompt(
    playbook: Playbook, interview: Interview, candidate: Candidate, req: Requisition, kind: str
) -> tuple[str, list[dict]]:
    stage = playbook.stage(interview.stage_key).label
    if kind == "iv_scorecard":
        text = f":memo: How did the {stage} interview with {escape(candidate.name)} go? Your scorecard, please."
    else:
        text = f":bell: Your scorecard for {escape(candidate.name)} ({stage}) is still open."
    ref = ids.InterviewRef(interview_id=interview.id, assignment_no=interview.assignment_no).dump()
    return text, [
        section(text),
        context("Fill it in on your own: other interviewers' scores stay hidden until yours is in."),
        actions(ids.SCORECARD_ACTIONS, button("Open scorecard", ids.OPEN_SCORECARD, ref, style="primary")),
    ]


def scorecard_late(
    playbook: Playbook, interview: Interview, candidate: Candidate, req: Requisition, kind: str
) -> tuple[str, list[dict]]:
    text = (
        f":hourglass: <@{interview.interviewer_id}>'s scorecard for {escape(candidate.name)} "
        f"({playbook.stage(interview.stage_key).label}) is late: the interview ended {ended(interview)}."
    )
    return text, [section(text)]


def ended(interview: Interview) -> str:
    """When the interview ended, as Slack shows it when it is read: "3 days ago" (the real time since)."""
    end = interview.ends_at
    return f"<!date^{int(end.timestamp())}^{{ago}}|on {end:%d %b %Y %H:%M} UTC>" if end else "some time ago"


def local_time(dt: datetime | None) -> str:
    return f"<!date^{int(dt.timestamp())}^{{date_short}} {{time}}|{dt:%d %b %H:%M} UTC>" if dt else "not set"


def erase_prompt(candidate: Candidate) -> tuple[str, list[dict]]:
    text = (
        f"Erase everything about *{escape(candidate.name)}*: the candidate, their interviews and scorecards? "
        "This cannot be undone."
    )
    confirm = {
        "title": plain("Erase this candidate?", 100),
        "text": plain("Their data is deleted for good.", 300),
        "confirm": plain("Erase", 30),
        "deny": plain("Keep", 30),
        "style": "danger",
    }
    erase = button("Erase", ids.ERASE, ids.CandidateRef(candidate_id=candidate.id).dump(), style="danger")
    erase["confirm"] = confirm
    return text, [section(text), actions("iv_erase_actions", erase)]


def erased_note(name: str, found: int, left: list[str]) -> str:
    text = f"Erased {escape(name)} and everything held about them"
    if not left:
        return text + (f", including the {count(found, 'message')} I had sent about them." if found else ".")
    return (
        text + f". I removed {found - len(left)} of my {count(found, 'message')} about them; these could not be "
        "removed and need deleting by hand (a workspace admin can):\n" + "\n".join(f"• {escape(x)}" for x in left)
    )

"""Block Kit for scorecards, the debrief, the decision, and what /ml-candidate shows."""

from __future__ import annotations

from bot.flows.interviews import ids
from bot.flows.interviews.forms import RECOMMENDATIONS, SCORES, VERDICTS
from bot.flows.interviews.kits import stage_red_flags
from bot.flows.interviews.scorecards import DISAGREEMENT, Debrief
from bot.flows.requisition import warnings
from bot.models import Candidate, Decision, Interview, InterviewStatus, Requisition, Scorecard
from bot.mrkdwn import escape
from bot.playbook import Playbook, Stage
from bot.ui import offers as offers_ui
from bot.ui.blocks import actions, button, context, header, input_block, modal, option, plain, section, sections
from bot.ui.plan import without_essentials_lines
from bot.ui.words import count

DECISIONS = {d.value: d.label for d in Decision}


def scorecard_modal(
    playbook: Playbook, interview: Interview, candidate: Candidate, level: str, card: Scorecard | None
) -> dict:
    stage = playbook.stage(interview.stage_key)
    score_options = [option(str(k), f"{k} - {v}") for k, v in SCORES.items()]
    blocks = [
        section(
            f"*{escape(candidate.name)}*, {stage.label}. Rate what you saw; other interviewers' "
            "scorecards stay hidden until yours is in."
        )
    ]
    for comp in stage.competencies:
        rating = (card.ratings.get(comp) if card else None) or {}
        select = {
            "type": "static_select",
            "action_id": ids.VALUE,
            "options": score_options,
            "placeholder": plain("1 to 4"),
        }
        if rating.get("score"):
            select["initial_option"] = score_options[int(rating["score"]) - 1]
        blocks.append(input_block(ids.RATING_PREFIX + comp, playbook.interviews.competencies[comp].label, select))
        evidence = {
            "type": "plain_text_input",
            "action_id": ids.VALUE,
            "placeholder": plain("What did you see or hear?"),
        }
        if rating.get("evidence"):
            evidence["initial_value"] = rating["evidence"]
        blocks.append(input_block(ids.EVIDENCE_PREFIX + comp, "Evidence", evidence, optional=True))
    flags = stage_red_flags(playbook, interview.stage_key, level)
    flag_options = [option(str(i), f[:75]) for i, f in enumerate(flags)]
    flag_element = {"type": "checkboxes", "action_id": ids.VALUE, "options": flag_options}
    chosen = [flag_options[flags.index(f)] for f in (card.red_flags if card else []) if f in flags]
    if chosen:
        flag_element["initial_options"] = chosen
    blocks.append(input_block(ids.FLAGS, "Red flags you saw", flag_element, optional=True))
    rec_options = [option(k, v) for k, v in RECOMMENDATIONS.items()]
    rec = {"type": "radio_buttons", "action_id": ids.VALUE, "options": rec_options}
    if card and card.recommendation in RECOMMENDATIONS:
        rec["initial_option"] = rec_options[list(RECOMMENDATIONS).index(card.recommendation)]
    blocks.append(input_block(ids.RECOMMENDATION, "Overall recommendation", rec))
    notes = {"type": "plain_text_input", "action_id": ids.VALUE, "multiline": True}
    if card and card.notes:
        notes["initial_value"] = card.notes
    blocks.append(input_block(ids.NOTES, "Notes", notes, optional=True))
    ref = ids.ScorecardMeta(
        interview_id=interview.id, assignment_no=interview.assignment_no, card_id=card.id if card else None
    ).dump()
    return modal(ids.SCORECARD_CALLBACK, "Scorecard", blocks, submit="Submit", private_metadata=ref)


def _stars(score: int) -> str:
    return f"{score} ({SCORES[score]})"


def debrief_message(playbook: Playbook, d: Debrief) -> tuple[str, list[dict]]:
    c, req = d.candidate, d.requisition
    lines = ["*Ratings by competency* (1 strong no to 4 strong yes)"]
    for area, label in playbook.interviews.decision_areas.items():
        rows = [v for v in d.competencies if v.area == area]
        if rows:
            lines.append(f"_{label}_")
        for v in rows:
            ratings = ", ".join(f"<@{who}> {_stars(s)}" for who, s in v.ratings)
            warn = f" :warning: *panel disagrees* (spread {v.spread})" if v.disagreement else ""
            lines.append(f"• {v.label}: {ratings}{warn}")
    disagreements = [v.label for v in d.competencies if v.disagreement]
    if disagreements:
        lines.append(f"*Where the panel disagrees* (spread of {DISAGREEMENT} or more): {', '.join(disagreements)}")
    if d.unassessed:
        lines.append(f"*Not assessed by anyone*: {', '.join(v.label for v in d.unassessed)}")
    lines.append("*Red flags*: " + ("none raised" if not d.red_flags else ""))
    lines += [f"• {escape(flag)} (<@{who}>, {stage})" for flag, who, stage in d.red_flags]
    lines.append("*Recommendations*")
    lines += [f"• <@{who}> ({stage}): {RECOMMENDATIONS.get(rec, rec)}" for who, stage, rec in d.recommendations]
    if note := playbook.interviews.potential_note.get(req.level):
        lines.append(f":seedling: {note}")
    if (
        warnings.engineering_heavy(warnings.answers_of(req))
        and c.screen_verdict
        and "production" not in c.screen_signals
    ):
        heavy = playbook.intake_warnings.texts["engineering_heavy"]
        lines.append(f":warning: Their resume screen found no model deployed to production. {heavy}")
    lines += [
        f"{line} The decision is made without it." for line in without_essentials_lines(playbook, req.level, d.without)
    ]
    ref = ids.CandidateRef(candidate_id=c.id).dump()
    stages, people = len(d.recommendations), len({who for who, _, _ in d.recommendations})
    panel = (
        f"{people} independent interviewer{'s' if people != 1 else ''} over {stages} stage{'s' if stages != 1 else ''}"
    )
    if people < stages:
        panel += " (some took more than one stage, so the panel has fewer independent views)"
    blocks = [
        header(f"Debrief: {c.name}"[:150]),
        context(
            f"Requisition #{req.number}. Every planned stage has its scorecard: {panel}. "
            f"<@{req.hiring_manager_id}> records the decision."
        ),
        *sections(lines),
        actions(
            ids.DEBRIEF_ACTIONS,
            button("Hire", ids.HIRE, ref, style="primary"),
            button("No hire", ids.NO_HIRE, ref, style="danger"),
            button("More interviews", ids.MORE_INTERVIEWS, ref),
        ),
    ]
    return f"Debrief for {escape(c.name)}: every scorecard is in", blocks


def decided_debrief(blocks: list[dict], candidate: Candidate) -> tuple[str, list[dict]]:
    """The debrief message after the decision: no buttons left, the decision in their place."""
    kept = [b for b in blocks if b.get("block_id") != ids.DEBRIEF_ACTIONS]
    text = f"Debrief for {escape(candidate.name)}: decided"
    return text, [
        *kept,
        context(
            f"*{DECISIONS[candidate.decision]}*, decided by <@{candidate.decided_by}>: "
            f"“{escape(candidate.decision_rationale)}”"
        ),
    ]


def closed_debrief(blocks: list[dict], candidate: Candidate) -> tuple[str, list[dict]]:
    """The debrief message once the requisition closed before a decision: no buttons left, and why."""
    kept = [b for b in blocks if b.get("block_id") != ids.DEBRIEF_ACTIONS]
    text = f"Debrief for {escape(candidate.name)}: the loop ended"
    return text, [*kept, context(":lock: The requisition was closed before a decision: the loop ended.")]


def decision_modal(
    meta: ids.DecisionMeta, candidate: Candidate, playbook: Playbook, level: str, without: list[Stage]
) -> dict:
    lines = [
        f"*{DECISIONS[meta.decision]}* for *{escape(candidate.name)}*. Ground it in the panel's evidence: "
        "technical competence, production readiness, communication, and cultural and ethical alignment.",
        *without_essentials_lines(playbook, level, without),
    ]
    return modal(
        ids.DECISION_CALLBACK,
        DECISIONS[meta.decision],
        [
            *sections(lines),
            input_block(
                ids.RATIONALE, "Rationale", {"type": "plain_text_input", "action_id": ids.VALUE, "multiline": True}
            ),
        ],
        submit="Record",
        private_metadata=meta.dump(),
    )


def decision_announcement(candidate: Candidate) -> str:
    return (
        f":ballot_box_with_check: Decision for {escape(candidate.name)}: *{DECISIONS[candidate.decision]}* "
        f"(<@{candidate.decided_by}>): “{escape(candidate.decision_rationale)}”"
    )


def start_onboarding_offer(candidate: Candidate, *, prepare: bool = True, start: bool = True) -> tuple[str, list[dict]]:
    """The hiring manager's message after a Hire, with *Prepare offer* and *Start onboarding* while each can
    still be done (rebuilt without them when an offer is out or accepted, or the onboarding started)."""
    text = (
        f":tada: {escape(candidate.name)} is a hire. Prepare the offer: the bot checks it against the band, and "
        "once it is accepted, onboarding is prepared for when they join Slack. (Already signed elsewhere and in "
        "Slack? Start their onboarding directly.)"
    )
    buttons = [offers_ui.prepare_button(candidate)] if prepare else []
    if start:
        buttons.append(
            button("Start onboarding", ids.START_ONBOARDING, ids.CandidateRef(candidate_id=candidate.id).dump())
        )
    return text, [section(text), *([actions("iv_onboarding_actions", *buttons)] if buttons else [])]


def list_message(
    playbook: Playbook, rows: list[Candidate], counts: dict[int, tuple[int, int]], numbers: dict[int, int]
) -> tuple[str, list[dict]]:
    """`numbers`: {requisition id: the number people call it}."""
    if not rows:
        text = "No candidates on a hiring team you are part of."
        return text, [section(text)]
    lines = ["*Candidates*"] + [
        f"• {escape(c.name)}, requisition #{numbers.get(c.requisition_id, '?')}: "
        f"{DECISIONS.get(c.decision, 'in progress') if c.decision else 'in progress'}, "
        f"{counts[c.id][0]}/{counts[c.id][1]} scorecards in"
        for c in rows
    ]
    return count(len(rows), "candidate"), sections(lines)


def show_message(
    playbook: Playbook,
    candidate: Candidate,
    req: Requisition,
    loop: list[Interview],
    cards: list[Scorecard],
    with_scores: bool,
) -> tuple[str, list[dict]]:
    by_interview = {c.interview_id: c for c in cards}
    lines = [
        f"*{escape(candidate.name)}*, requisition #{req.number}: "
        f"{DECISIONS[candidate.decision] if candidate.decision else 'in progress'}"
    ]
    if candidate.screen_verdict:
        lines.append(
            f"Resume screen: {VERDICTS[candidate.screen_verdict]} "
            f"({len(candidate.screen_signals)} of {len(playbook.interviews.resume_signals)} signals)"
        )
    for i in loop:
        stage = playbook.stage(i.stage_key).label
        card = by_interview.get(i.id)
        state = "declined" if i.status == InterviewStatus.DECLINED else ("scorecard in" if card else i.status)
        line = f"• {stage}: <@{i.interviewer_id}>, {state}"
        if card and with_scores:
            scores = ", ".join(
                f"{playbook.interviews.competencies[k].label} {v['score']}" for k, v in card.ratings.items()
            )
            line += f"; {RECOMMENDATIONS[card.recommendation]}; {scores}"
        lines.append(line)
    if cards and not with_scores:
        lines.append("_Scores stay hidden until your own scorecard is in._")
    return f"{escape(candidate.name)}: status", sections(lines)

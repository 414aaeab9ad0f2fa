"""Block Kit for a requisition's interview plan: the stages to keep, the essential ones named, and what a plan
saved without one turns into."""

from __future__ import annotations

from bot.flows.interviews import ids, kits
from bot.flows.requisition.ids import RequisitionRef
from bot.flows.requisition.jobdesc import role_title
from bot.models import PlanStage, Requisition
from bot.playbook import Playbook, Stage
from bot.ui.blocks import context, input_block, modal, option, section, sections


def plan_modal(playbook: Playbook, req: Requisition, stages: list[PlanStage]) -> dict:
    opts = {
        p.stage_key: option(p.stage_key, playbook.stage(p.stage_key).label)
        for p in stages
        if playbook.stage(p.stage_key)
    }
    element = {"type": "checkboxes", "action_id": ids.VALUE, "options": list(opts.values())}
    initial = [opts[p.stage_key] for p in stages if p.active and p.stage_key in opts]
    if initial:
        element["initial_options"] = initial
    essential = kits.essential_for(playbook, req.level)
    noun = playbook.levels[req.level].noun
    lines = [
        f"The interview stages for requisition #{req.number}, {role_title(playbook, req.specialization, req.level)}."
    ]
    if essential:
        lines.append(
            f"*Essential for a {noun} role*: "
            + "; ".join(f"{s.label} ({s.essential_why})" for s in essential)
            + ". You can leave one out; the bot says so again at the decision."
        )
    blocks = [section("\n".join(lines)), input_block(ids.PLAN_STAGES, "Stages", element)]
    if playbook.interviews.process_advice:
        blocks.append(context("*On the process*: " + " ".join(playbook.interviews.process_advice)))
    return modal(
        ids.PLAN_CALLBACK,
        "Interview plan",
        blocks,
        submit="Save",
        private_metadata=RequisitionRef(requisition_id=req.id).dump(),
    )


def without_essentials_lines(playbook: Playbook, level: str, missing: list[Stage]) -> list[str]:
    noun = playbook.levels[level].noun
    return [f":warning: *No {s.label}*, essential for a {noun} role: {s.essential_why}." for s in missing]


def plan_saved_without(playbook: Playbook, req: Requisition, missing: list[Stage]) -> dict:
    """What the modal turns into when the plan was saved without an essential stage."""
    lines = [
        f"The plan for requisition #{req.number} is saved.",
        *without_essentials_lines(playbook, req.level, missing),
        "Candidates will be decided without it unless you add it back with *Interview plan*.",
    ]
    return modal(ids.PLAN_SAVED_CALLBACK, "Interview plan", sections(lines), close="Close")

"""Reading the onboarding modals' submitted state (pure)."""

from __future__ import annotations

from bot.errors import FormErrors
from bot.flows.onboarding import ids
from bot.flows.onboarding.service import Answer, StartForm
from bot.flows.requisition.forms import parse_date
from bot.flows.state import record_id, state_values
from bot.playbook import Playbook


def read_start(view: dict) -> StartForm:
    v = state_values(view)
    requisition = v.get(ids.REQUISITION)
    if requisition is not None and record_id(requisition) is None:
        raise FormErrors({ids.REQUISITION: "Choose an approved requisition, or none."})
    return StartForm(
        new_hire=v.get(ids.NEW_HIRE),
        start_date=parse_date(v.get(ids.START_DATE)),
        manager=v.get(ids.MANAGER),
        buddy=v.get(ids.BUDDY),
        specialization=v.get(ids.SPECIALIZATION),
        requisition_id=record_id(requisition) if requisition else None,
        channel=v.get(ids.CHANNEL),
    )


def read_check_in(view: dict, playbook: Playbook, ref: ids.CheckInRef) -> Answer:
    v = state_values(view)
    wanted = ids.MANAGER_SCORES if ref.role == "manager" else ids.NEW_HIRE_SCORES
    errors, scores = {}, {}
    for block, name in wanted.items():
        raw = v.get(block)
        if raw not in {"1", "2", "3", "4", "5"}:
            errors[block] = "Choose a score from 1 to 5."
        else:
            scores[name] = int(raw)
    share = v.get(ids.SHARE)
    if ref.role == "new_hire" and share not in ("yes", "no"):
        errors[ids.SHARE] = "Choose whether your manager sees your answers."
    if errors:
        raise FormErrors(errors)
    questions = playbook.onboarding.checkins.questions.get(ref.day, []) if ref.role == "new_hire" else []
    return Answer(
        scores=scores,
        blockers=v.get(ids.BLOCKERS),
        notes=v.get(ids.NOTES),
        answers={q: v.get(f"{ids.QUESTION_PREFIX}{i}") or "" for i, q in enumerate(questions)},
        share=share == "yes" or ref.role == "manager",
    )

"""Which questions and red flags an interviewer's kit shows (pure).

Up to `interviews.questions_per_stage` per stage, only those meant for the requisition's level: the
stage's pinned questions (in every kit), then the specialization's own, then the stage's defaults
starting at a turn that moves with each candidate (`turn`, the candidate's id), so over a
requisition's candidates the whole bank is used rather than its first few questions every time.
"""

from __future__ import annotations

from bot.playbook import Playbook, Stage


def questions_for(playbook: Playbook, stage_key: str, specialization: str, level: str, turn: int = 0) -> list[str]:
    stage = playbook.stage(stage_key)
    count = playbook.interviews.questions_per_stage
    own = [q.text for q in stage.questions.get(specialization, []) if q.for_level(level)]
    pinned = [q.text for q in stage.questions["default"] if q.for_level(level) and q.pinned]
    bank = [q.text for q in stage.questions["default"] if q.for_level(level) and not q.pinned]
    if bank:
        start = turn % len(bank)
        bank = bank[start:] + bank[:start]
    return [*pinned, *own, *bank][:count]


def exercise_for(playbook: Playbook, stage_key: str, specialization: str) -> str | None:
    exercise = playbook.stage(stage_key).exercise
    return exercise.get(specialization) or exercise.get("default")


def stage_red_flags(playbook: Playbook, stage_key: str, level: str) -> list[str]:
    """The stage's red flags and the general ones that apply at this level (a junior is not expected to
    have taken a model to production)."""
    stage = playbook.stage(stage_key)
    flags = [*(stage.red_flags if stage else []), *playbook.interviews.general_red_flags]
    return [f.text for f in flags if f.for_level(level)]


def missing_essentials(playbook: Playbook, level: str, stage_keys: set[str] | list[str]) -> list[Stage]:
    """The stages the playbook calls essential at this level that `stage_keys` leaves out (ML system design
    from senior up, ethics at every level), in the playbook's order."""
    order = list(playbook.levels)
    return [
        s
        for s in playbook.interviews.stages
        if s.essential_from is not None
        and order.index(level) >= order.index(s.essential_from)
        and s.key not in stage_keys
    ]


def essential_for(playbook: Playbook, level: str) -> list[Stage]:
    return missing_essentials(playbook, level, set())

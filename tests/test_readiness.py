"""Pure: readiness scoring and the pause rule."""

from __future__ import annotations

import pytest

from bot.flows.requisition.readiness import assess_readiness
from bot.playbook import load_playbook

KEYS = [q.key for q in load_playbook().readiness.questions]


def answers(no: int, unsure: int = 0) -> dict[str, bool | None]:
    return {k: None if no <= i < no + unsure else i >= no for i, k in enumerate(KEYS)}


@pytest.mark.parametrize(
    "no, unsure, pause", [(0, 0, False), (1, 0, False), (5, 0, False), (6, 0, True), (3, 3, True), (0, 10, True)]
)
def test_pause_only_when_most_answers_are_no_or_not_sure(playbook, no, unsure, pause):
    r = assess_readiness(playbook, answers(no, unsure))
    assert r.score == f"{10 - no - unsure}/10"
    assert r.should_pause is pause
    assert [q.key for q in r.gaps] == KEYS[: no + unsure]
    assert r.unsure == frozenset(KEYS[no : no + unsure])
    assert all(q.advice and q.find_out for q in r.gaps)


def test_the_guides_readiness_questions_are_asked(playbook):
    assert {"tooling_ready", "deployment_authority", "responsible_ai", "safe_to_experiment"} <= set(KEYS)


def test_a_requisition_stored_before_a_question_existed_is_assessed_on_what_it_was_asked(playbook):
    old = {k: True for k in KEYS[:6]}
    r = assess_readiness(playbook, old, asked_only=True)
    assert (r.score, r.gaps) == ("6/6", ())


def test_every_question_needs_an_answer(playbook):
    partial = answers(0)
    del partial["iteration_budget"]
    with pytest.raises(ValueError, match="iteration_budget"):
        assess_readiness(playbook, partial)

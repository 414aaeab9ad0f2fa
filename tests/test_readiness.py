"""Pure: readiness scoring and the pause rule."""

from __future__ import annotations

import pytest

from bot.flows.requisition.readiness import assess_readiness

KEYS = [
    "data_accessible",
    "data_ownership",
    "problem_defined",
    "limits_understood",
    "leadership_committed",
    "iteration_budget",
]


def answers(no: int) -> dict[str, bool]:
    return {k: i >= no for i, k in enumerate(KEYS)}


@pytest.mark.parametrize("no, pause", [(0, False), (1, False), (3, False), (4, True), (6, True)])
def test_pause_only_when_most_answers_are_no(playbook, no, pause):
    r = assess_readiness(playbook, answers(no))
    assert r.score == f"{6 - no}/6"
    assert r.should_pause is pause
    assert [q.key for q in r.gaps] == KEYS[:no]
    assert all(q.advice for q in r.gaps)


def test_every_question_needs_an_answer(playbook):
    partial = answers(0)
    del partial["iteration_budget"]
    with pytest.raises(ValueError, match="iteration_budget"):
        assess_readiness(playbook, partial)

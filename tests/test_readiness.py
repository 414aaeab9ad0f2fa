"""Pure: readiness scoring and the pause rule."""

from __future__ import annotations

import pytest

from bot.flows.requisition.readiness import assess_readiness
from bot.playbook import load_playbook

KEYS = [q.key for q in load_playbook().readiness.questions]


PB = load_playbook()
KEY = [q.key for q in PB.readiness.questions if q.key_question]  # the guide's five
OTHER = [k for k in KEYS if k not in KEY]
DATA = ["data_accessible", "data_ownership"]


def with_answers(**given: bool | None) -> dict[str, bool | None]:
    return {k: given.get(k, True) for k in KEYS}


def test_the_guides_five_key_questions_and_the_data_ones_are_marked():
    assert KEY == ["data_accessible", "data_ownership", "problem_defined", "limits_understood", "leadership_committed"]
    assert [q.key for q in PB.readiness.questions if q.pause_on_no] == DATA


@pytest.mark.parametrize(
    "given, reasons",
    [
        ({}, ()),
        ({k: False for k in OTHER}, ()),  # 5/10: a tie, and the key questions all yes
        ({**{k: False for k in OTHER}, "problem_defined": False}, ("most",)),  # 6 of 10 no, 1 of 5 key
        ({k: False for k in KEY[2:]}, ("most_key",)),  # 3 of the 5 key questions are no
        ({k: None for k in KEY[2:]}, ("most_key",)),  # ... or not sure: unclear
        ({"problem_defined": False, "limits_understood": None}, ()),  # 2 of 5 key: no pause
        ({"data_accessible": False}, ("blocking",)),  # 9/10, but data is not accessible
        ({"data_ownership": False}, ("blocking",)),
        ({"data_accessible": None}, ()),  # not sure: find out, no pause on its own
        ({k: False for k in KEY}, ("most_key", "blocking")),  # the guide's five all no
    ],
)
def test_pause_in_the_guides_terms(playbook, given, reasons):
    r = assess_readiness(playbook, with_answers(**given))
    assert r.pause_reasons == reasons
    assert r.should_pause is bool(reasons)
    assert [q.key for q in r.gaps] == [k for k in KEYS if k in given]
    assert r.unsure == frozenset(k for k, v in given.items() if v is None)
    assert r.key_total == 5 and r.key_yes == 5 - sum(1 for k in KEY if k in given)
    assert all(q.advice and q.find_out for q in r.gaps)


def test_not_sure_everywhere_pauses(playbook):
    r = assess_readiness(playbook, {k: None for k in KEYS})
    assert r.score == "0/10" and r.pause_reasons == ("most_key", "most") and r.blocking == ()


def test_the_guides_readiness_questions_are_asked(playbook):
    assert {"tooling_ready", "deployment_authority", "responsible_ai", "safe_to_experiment"} <= set(KEYS)


def test_a_requisition_stored_before_a_question_existed_is_assessed_on_what_it_was_asked(playbook):
    old = {k: True for k in KEYS[:6]}
    r = assess_readiness(playbook, old, asked_only=True)
    assert (r.score, r.gaps) == ("6/6", ())


def test_every_question_needs_an_answer(playbook):
    partial = with_answers()
    del partial["iteration_budget"]
    with pytest.raises(ValueError, match="iteration_budget"):
        assess_readiness(playbook, partial)

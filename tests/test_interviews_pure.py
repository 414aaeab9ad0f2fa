"""Pure: the default plan per level, kit questions, disagreement, and playbook validation."""

from __future__ import annotations

import pytest
import yaml

from bot.flows.interviews.scorecards import CompetencyView
from bot.playbook import DEFAULT_PATH, PlaybookError, parse_playbook
from bot.ui.interviews import questions_for


@pytest.mark.parametrize("level, design", [("junior", False), ("mid", False), ("senior", True), ("staff", True)])
def test_system_design_is_planned_for_senior_and_above(playbook, level, design):
    keys = [s.key for s in playbook.stages_for(level)]
    assert ("system_design" in keys) is design
    assert {"technical", "mlops", "communication", "ethics"} <= set(keys)


def test_every_decision_area_is_covered_and_stages_overlap(playbook):
    areas = {playbook.interviews.competencies[c].area for s in playbook.interviews.stages for c in s.competencies}
    assert areas == set(playbook.interviews.decision_areas)
    counts: dict[str, int] = {}
    for stage in playbook.interviews.stages:
        for comp in stage.competencies:
            counts[comp] = counts.get(comp, 0) + 1
    assert any(n > 1 for n in counts.values())  # what lets a debrief show disagreement


def test_kit_questions_lead_with_the_specialization(playbook):
    nlp = questions_for(playbook, "technical", "nlp")
    assert len(nlp) == 3 and "annotators" in nlp[0]
    assert questions_for(playbook, "communication", "nlp")[0].startswith("Explain a past ML project")


def test_disagreement_needs_two_raters_and_a_spread_of_two():
    view = CompetencyView("x", "X", "technical", [("U1", 4)])
    assert (view.spread, view.disagreement) == (0, False)
    view.ratings.append(("U2", 3))
    assert (view.spread, view.disagreement) == (1, False)
    view.ratings.append(("U3", 2))
    assert (view.spread, view.disagreement) == (2, True)


@pytest.mark.parametrize("change, says", [
    (lambda d: d["interviews"]["stages"][0]["competencies"].append("telepathy"), "is not in interviews.competencies"),
    (lambda d: d["interviews"]["stages"][1].update(min_level="principal"), "is not one of the levels"),
    (lambda d: d["interviews"]["competencies"]["tradeoffs"].update(area="vibes"), "not one of interviews.decision_areas"),
    (lambda d: d["interviews"]["stages"][0]["questions"].pop("default"), "questions need a default list"),
    (lambda d: d["interviews"]["stages"].append(dict(d["interviews"]["stages"][0])), "'technical' is repeated"),
])
def test_interview_playbook_validation(change, says):
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    change(data)
    with pytest.raises(PlaybookError, match=says):
        parse_playbook(data, "x.yaml")

"""Pure: risk signals, the plan built from the playbook, and its validation."""

from __future__ import annotations

import pytest
import yaml

from bot.flows.onboarding.risk import signals
from bot.flows.onboarding.service import checklist
from bot.playbook import DEFAULT_PATH, PlaybookError, parse_playbook
from bot.ui.onboarding import progress_bar


def test_signals(playbook):
    rules = playbook.onboarding.risk
    fine = {"ramp_up": 4, "clarity": 4, "workload": 3, "support": 5}
    assert signals(rules, fine, None, None) == []
    assert signals(rules, fine, None, "  ") == []
    low = signals(rules, fine | {"workload": 2}, None, None)
    assert [s.kind for s in low] == ["low_score"] and "workload and wellbeing is 2/5" in low[0].detail
    drop = signals(rules, fine | {"clarity": 3}, fine | {"clarity": 5}, None)
    assert [s.kind for s in drop] == ["drop"] and "fell from 5 to 3" in drop[0].detail
    assert signals(rules, fine | {"clarity": 4}, fine | {"clarity": 5}, None) == []  # a drop of 1 is noise
    assert [s.kind for s in signals(rules, fine, fine, "No data access yet")] == ["blockers"]
    assert all(s.advice for s in signals(rules, {"support": 1}, {"support": 4}, "x"))


@pytest.mark.parametrize(
    "specialization", ["nlp", "computer_vision", "predictive_analytics", "generative_ai", "ml_infrastructure"]
)
def test_every_specialization_gets_a_plan_adapted_to_it(playbook, specialization):
    items = checklist(playbook, specialization)
    assert len(items) == 10 and len({i.key for i in items}) == 10
    assert {i.owner for i in items} == {"new_hire", "manager", "buddy"}
    assert {
        "data_access",
        "success_metrics",
        "first_task",
        "stakeholders",
        "compute_access",
        "dev_environment",
        "models_access",
        "responsible_ai",  # for every specialization, not only generative AI
    } <= {i.key for i in items}
    agreed = next(i.text for i in items if i.key == "success_metrics")
    for area in (
        "Business goals",
        "benchmarks",
        "deployment timelines",
        "monitoring duties",
        "product and engineering",
    ):
        assert area in agreed


def test_progress_bar():
    assert progress_bar(3, 9) == "▰▰▰▱▱▱▱▱▱▱ 3/9 done"
    assert progress_bar(0, 0) == "▱▱▱▱▱▱▱▱▱▱ 0/0 done"


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda d: d["onboarding"]["checklist"][0].update(owner="cto"), "onboarding.checklist.0.owner"),
        (lambda d: d["onboarding"]["by_specialization"].update(quantum=[]), "onboarding.by_specialization.quantum"),
        (lambda d: d["onboarding"]["checkins"].update(days=[60, 30]), "days must be increasing"),
        (lambda d: d["onboarding"]["risk"]["advice"].pop("drop"), "advice is missing for drop"),
    ],
)
def test_onboarding_playbook_validation(change, says):
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    change(data)
    with pytest.raises(PlaybookError, match=says):
        parse_playbook(data, "x.yaml")


def test_the_start_form_can_be_prefilled(playbook):
    from bot.ui.onboarding import start_modal
    from devtools.blockkit import validate_view

    view = start_modal(
        playbook, manager="U1", default_channel="C1", requisitions=[], new_hire="U2", specialization="generative_ai"
    )
    assert validate_view(view) == []
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["ob_new_hire"]["element"]["initial_user"] == "U2"
    assert blocks["ob_manager"]["element"]["initial_user"] == "U1"
    assert blocks["ob_specialization"]["element"]["initial_option"]["value"] == "generative_ai"

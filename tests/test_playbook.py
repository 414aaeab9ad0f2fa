"""Pure: the playbook loads, merges an organisation's file, and names the bad key."""

from __future__ import annotations

import pytest
import yaml

from bot.playbook import DEFAULT_PATH, PlaybookError, load_playbook, parse_playbook


def default() -> dict:
    return yaml.safe_load(DEFAULT_PATH.read_text())


def test_default_playbook_has_the_guides_content(playbook):
    assert set(playbook.specializations) == {
        "nlp",
        "computer_vision",
        "predictive_analytics",
        "generative_ai",
        "ml_infrastructure",
    }
    assert set(playbook.levels) == {"junior", "mid", "senior", "staff"}
    assert (
        len(playbook.readiness.questions) == 10
    )  # the guide's five, budget, tooling, deployment authority, responsible AI, safe to fail
    assert playbook.levels["senior"].base_salary.open_ended


def test_an_organisations_file_overrides_only_what_it_names(tmp_path):
    own = tmp_path / "acme.yaml"
    own.write_text("levels:\n  senior:\n    base_salary: {min: 170000, max: 230000}\n")
    pb = load_playbook(own)
    assert (pb.levels["senior"].base_salary.min, pb.levels["senior"].base_salary.max) == (170000, 230000)
    assert pb.levels["senior"].timeline_weeks.max == 16  # untouched keys keep the default
    assert pb.levels["junior"].base_salary.min == 90000


@pytest.mark.parametrize(
    "change, says",
    [
        (
            lambda d: d["levels"]["senior"].update(contractor_band="principal"),
            "levels.senior.contractor_band: 'principal' is not one of contractor.bands",
        ),
        (
            lambda d: d["levels"]["mid"].update(base_salary={"min": 200, "max": 100}),
            "levels.mid.base_salary: min (200) is greater than max (100)",
        ),
        (lambda d: d["levels"]["mid"]["base_salary"].update(max="lots"), "levels.mid.base_salary.max"),
        (lambda d: d.update(salary_bandz={}), "salary_bandz: is not a playbook key"),
        (lambda d: d.pop("readiness"), "readiness: Field required"),
        (
            lambda d: d["readiness"]["questions"].append(dict(d["readiness"]["questions"][0])),
            "question keys must be unique; repeated: data_accessible",
        ),
        (
            lambda d: d["locations"]["remote"]["salary_multiplier"].update(min=-1),
            "locations.remote.salary_multiplier.min",
        ),
        (
            lambda d: d["interviews"]["stages"][1].update(essential_from="principal"),
            "interviews.stages.1.essential_from: 'principal' is not a level",
        ),
        (
            lambda d: d["interviews"]["stages"][1].update(essential_why=""),
            "interviews.stages.1.essential_why: says why the stage is essential",
        ),
        (
            lambda d: d["interviews"]["general_red_flags"][1].update(levels=["intern"]),
            "interviews.general_red_flags.1.levels: intern is not a level",
        ),
        (
            lambda d: d["interviews"]["stages"][2]["red_flags"][1].update(levels=["intern"]),
            "interviews.stages.2.red_flags.1.levels: intern is not a level",
        ),
        (
            lambda d: d["intake_warnings"]["hiring_model_advice"].append({"text": "x", "models": ["agency"]}),
            "intake_warnings.hiring_model_advice.7.models: agency is not one of them",
        ),
        (
            lambda d: d["readiness"]["questions"][0].update(pause_on_no="x" * 401),
            "readiness.questions.0.pause_on_no",
        ),
    ],
)
def test_validation_names_the_bad_key(change, says):
    data = default()
    change(data)
    with pytest.raises(PlaybookError) as exc:
        parse_playbook(data, "acme.yaml")
    assert says in str(exc.value)
    assert str(exc.value).startswith("acme.yaml: ")


def test_unreadable_or_malformed_files_are_named(tmp_path):
    with pytest.raises(PlaybookError, match="cannot be read"):
        load_playbook(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("levels: [unclosed\n")
    with pytest.raises(PlaybookError, match="bad.yaml: is not valid YAML"):
        load_playbook(bad)
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n")
    with pytest.raises(PlaybookError, match="must be a mapping"):
        load_playbook(listy)

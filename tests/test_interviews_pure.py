"""Pure: the default plan per level, kit questions, disagreement, and playbook validation."""

from __future__ import annotations

import pytest
import yaml

from bot.flows.interviews.kits import questions_for, stage_red_flags
from bot.flows.interviews.scorecards import CompetencyView
from bot.playbook import DEFAULT_PATH, PlaybookError, parse_playbook


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


def test_kit_questions_lead_with_the_pinned_ones_then_the_specialization(playbook):
    nlp = questions_for(playbook, "technical", "nlp", "senior")
    assert len(nlp) == 5 and "well in testing and badly in production" in nlp[0] and "annotators" in nlp[1]
    comm = questions_for(playbook, "communication", "predictive_analytics", "mid")
    assert "model of yours that failed" in comm[0] and "use AI to cut churn" in comm[1]
    assert comm[2].startswith("A manager wants")


def test_kits_fit_the_level_and_specialization_and_rotate_through_the_bank(playbook):
    for spec in playbook.specializations:
        for level in playbook.levels:
            for stage in playbook.stages_for(level):
                asked = questions_for(playbook, stage.key, spec, level)
                assert len(asked) == len(set(asked)) >= min(5, len(stage.questions["default"])), (
                    spec,
                    level,
                    stage.key,
                )
                allowed = {q.text for qs in stage.questions.values() for q in qs if q.for_level(level)}
                assert set(asked) <= allowed
            for key in ("mlops", "communication", "ethics"):
                stage = playbook.stage(key)
                pinned = [q.text for q in stage.questions["default"] if q.pinned and q.for_level(level)]
                own = [q.text for q in stage.questions.get(spec, [])]
                asked = questions_for(playbook, key, spec, level)
                assert own and asked[: len(pinned) + 1] == [*pinned, own[0]], (spec, key)
            # the guide's "is it ready for deployment?" at every level
            assert "How do you decide whether a model is ready for deployment?" in questions_for(
                playbook, "mlops", spec, level
            )
    junior = questions_for(playbook, "mlops", "nlp", "junior")
    assert not any("notebook to production" in q for q in junior)
    bank = {q.text for q in playbook.stage("technical").questions["default"] if q.for_level("senior") and not q.pinned}
    seen = {q for turn in range(len(bank)) for q in questions_for(playbook, "technical", "nlp", "senior", turn)}
    assert bank <= seen  # over a requisition's candidates, the whole bank gets asked
    staff_stages = [s.key for s in playbook.stages_for("staff")]
    assert "leadership" in staff_stages and "leadership" not in [s.key for s in playbook.stages_for("senior")]
    assert "software_engineering" in playbook.stage("technical").competencies


@pytest.mark.parametrize("level", ["junior", "mid", "senior", "staff"])
def test_red_flags_fit_the_level(playbook, level):
    """A junior kit does not flag what the junior debrief says is expected (little production history)."""
    flags = {stage.key: stage_red_flags(playbook, stage.key, level) for stage in playbook.interviews.stages}
    shipped = "Has never taken a model to production"
    assert all((shipped in f) is (level != "junior") for f in flags.values())
    assert ("Has no answer for rolling back a bad model" in flags["mlops"]) is (level != "junior")
    if level == "junior":
        assert "little production history is expected" in playbook.interviews.potential_note["junior"]
        assert all("Cannot say how they would check that a model is ready for real users" in f for f in flags.values())


def test_disagreement_needs_two_raters_and_a_spread_of_two():
    view = CompetencyView("x", "X", "technical", [("U1", 4)])
    assert (view.spread, view.disagreement) == (0, False)
    view.ratings.append(("U2", 3))
    assert (view.spread, view.disagreement) == (1, False)
    view.ratings.append(("U3", 2))
    assert (view.spread, view.disagreement) == (2, True)


@pytest.mark.parametrize(
    "change, says",
    [
        (
            lambda d: d["interviews"]["stages"][0]["competencies"].__setitem__(-1, "telepathy"),
            "is not in interviews.competencies",
        ),
        (lambda d: d["interviews"]["stages"][1].update(min_level="principal"), "is not one of the levels"),
        (
            lambda d: d["interviews"]["competencies"]["tradeoffs"].update(area="vibes"),
            "not one of interviews.decision_areas",
        ),
        (lambda d: d["interviews"]["stages"][0]["questions"].pop("default"), "questions need a default list"),
        (lambda d: d["interviews"]["stages"].append(dict(d["interviews"]["stages"][0])), "'technical' is repeated"),
        (lambda d: d["interviews"]["stages"][0].update(red_flags=[f"flag {i}" for i in range(6)]), "at most 10"),
    ],
)
def test_interview_playbook_validation(change, says):
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    change(data)
    with pytest.raises(PlaybookError, match=says):
        parse_playbook(data, "x.yaml")


def test_the_largest_interview_surfaces_fit_block_kit(playbook):
    from datetime import date, datetime, timezone

    from bot.flows.interviews import ids
    from bot.flows.interviews.scorecards import Debrief
    from bot.models import Candidate, Interview, Requisition, Scorecard
    from bot.ui import debrief, interviews
    from devtools.blockkit import validate_message, validate_view

    now = datetime(2026, 11, 25, tzinfo=timezone.utc)
    req = Requisition(
        id=7,
        level="staff",
        specialization="generative_ai",
        hiring_manager_id="U1",
        approver_id="U2",
        status="approved",
        channel_id="C1",
        target_start=date(2027, 1, 1),
    )
    cand = Candidate(
        id=3,
        requisition_id=7,
        name="N" * 200,
        profile_url="https://x.org/" + "p" * 400,
        source="agency",
        screen_signals=["production"],
        screen_verdict="hold",
        status="active",
    )
    stages = [s.key for s in playbook.stages_for("staff")]
    loop = [
        Interview(
            id=i,
            candidate_id=3,
            stage_key=k,
            interviewer_id=f"U{i}",
            assignment_no=1,
            status="scheduled",
            starts_at=now,
        )
        for i, k in enumerate(stages, start=10)
    ]
    assert validate_view(interviews.assign_modal(playbook, cand, stages, {k: "U9" for k in stages}, {"U9": 4})) == []
    assert validate_view(interviews.candidate_modal(playbook, [req] * 100)) == []
    for interview in loop:
        text, blocks = interviews.kit(playbook, [interview], cand, req)
        assert validate_message({"text": text, "blocks": blocks}) == []
        assert validate_view(debrief.scorecard_modal(playbook, interview, cand, req.level, None)) == []
    text, blocks = interviews.kit(playbook, loop, cand, req)  # one person on every stage of a staff plan
    assert validate_message({"text": text, "blocks": blocks}) == []
    text, blocks = interviews.candidate_card(playbook, cand, stages, loop, set())
    assert validate_message({"text": text, "blocks": blocks}) == []
    cards = [
        Scorecard(
            interview_id=i.id,
            candidate_id=3,
            interviewer_id=i.interviewer_id,
            stage_key=i.stage_key,
            ratings={
                c: {"score": 1 + n % 4, "evidence": "e" * 2000}
                for n, c in enumerate(playbook.stage(i.stage_key).competencies)
            },
            red_flags=stage_red_flags(playbook, i.stage_key, req.level),
            recommendation="yes",
            notes="n",
        )
        for i in loop
    ]
    from bot.flows.interviews.scorecards import CompetencyView

    views = {k: CompetencyView(k, c.label, c.area) for k, c in playbook.interviews.competencies.items()}
    for card in cards:
        for comp, rating in card.ratings.items():
            views[comp].ratings.append((card.interviewer_id, rating["score"]))
    flags = [(f, c.interviewer_id, c.stage_key) for c in cards for f in c.red_flags]
    d = Debrief(cand, req, list(views.values()), [], flags, [(c.interviewer_id, c.stage_key, "yes") for c in cards])
    text, blocks = debrief.debrief_message(playbook, d)
    assert validate_message({"text": text, "blocks": blocks}) == []
    assert ids.DEBRIEF_ACTIONS in str(blocks)


def test_states_and_their_moves_are_written_down_once():
    from bot.models import CandidateStatus, Decision, InterviewStatus, decided

    assert [CandidateStatus.after(d) for d in Decision] == [
        CandidateStatus.HIRED,
        CandidateStatus.REJECTED,
        CandidateStatus.ACTIVE,
    ]
    assert decided("hire") and decided("no_hire") and not decided("more_interviews") and not decided(None)
    assert InterviewStatus.ASSIGNED.may_become(InterviewStatus.SCHEDULED)
    assert InterviewStatus.SCHEDULED.may_become(InterviewStatus.SCHEDULED)  # moved to another time
    assert not InterviewStatus.DECLINED.may_become(InterviewStatus.SCHEDULED)
    assert InterviewStatus.DECLINED.may_become(InterviewStatus.ASSIGNED)  # reassigned to someone else


def test_a_question_for_a_level_that_does_not_exist_names_its_key():
    import yaml

    from bot.playbook import DEFAULT_PATH, PlaybookError, parse_playbook

    data = yaml.safe_load(DEFAULT_PATH.read_text())
    data["interviews"]["stages"][2]["questions"]["default"].append({"text": "x?", "levels": ["principal"]})
    with pytest.raises(PlaybookError, match=r"interviews\.stages\.2\.questions\.default\.\d+\.levels"):
        parse_playbook(data, "custom.yaml")

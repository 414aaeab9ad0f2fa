"""The guide's advice reaches the person it is for, where they are looking (end to end, through signed requests)."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from bot.flows.interviews import ids as iv_ids
from bot.flows.requisition import ids as req_ids
from bot.models import Candidate, PlanStage, Requisition
from tests.support.interviews import (
    ALICE,
    BOB,
    HM,
    add_candidate,
    interview_and_score,
    last_view,
    open_assign_view,
    staffed,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.interviews import requisition as approved_requisition
from tests.support.requisitions import submit, text_of
from tests.support.workspace import HIRING_CHANNEL


def _post(fake_slack, session) -> tuple[Requisition, str]:
    req = session.scalars(select(Requisition).order_by(Requisition.id.desc())).first()
    return req, text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))


def test_the_post_says_what_the_estimate_leaves_out_and_how_to_run_the_hiring_model(slack, fake_slack, session):
    submit(slack, fake_slack)  # a senior NLP hire at a hub, in house, for production, in payments
    req, post = _post(fake_slack, session)
    assert (
        "*What the estimate leaves out*" in post and "company size" in post and "hiring again after a poor fit" in post
    )
    assert "put quality before cost" in post  # production work in a regulated domain
    assert "costs more per hour" not in post  # not a contractor
    assert "Plan the team" in post and "how the return will be measured" in post
    assert "pay varies with specialization but gives no figures" in post  # the flat band, labelled
    assert "the guide counts its weeks from the start of screening" in post
    jd = text_of(fake_slack.message(HIRING_CHANNEL, req.jd_ts))
    assert "Data structures and algorithms" in jd and "Cloud platforms (AWS, Azure or GCP) and containers" in jd
    assert "For reviewers, not the posting" in jd and "the guide names the levels but gives no years" in jd
    assert "5+ years" in jd  # stated plainly in the draft itself


def test_a_contractor_for_a_prototype_hears_the_guides_cautions(slack, fake_slack, session):
    submit(
        slack,
        fake_slack,
        {req_ids.HIRING_MODEL: "contractor", req_ids.STAGE: "experimental", req_ids.DOMAIN: "internal search"},
    )
    _, post = _post(fake_slack, session)
    assert "costs more per hour than an employee" in post
    assert "A hybrid often works best" in post and "Bring the work in-house when" in post
    assert "A senior or staff engineer for experimental work" in post  # the scope warning
    assert "put quality before cost" not in post  # a prototype, not a regulated domain


def test_a_mid_level_engineer_running_production_is_warned(slack, fake_slack, session):
    submit(slack, fake_slack, {req_ids.LEVEL: "mid"})
    _, post = _post(fake_slack, session)
    assert "A mid-level engineer would run production models while sharing MLOps" in post


def test_a_junior_kit_teaches_and_fits_the_level(slack, fake_slack, session, settings, playbook, clock, people):
    staffed(slack, fake_slack, session, settings, playbook, clock)  # a junior role, ALICE on the technical stage
    [kit] = fake_slack.posts_to(ALICE)
    shown = json.dumps(kit["blocks"], ensure_ascii=False)
    assert "does well in testing and badly in production" in shown  # the guide's question, in every kit
    assert "*A strong answer*" in shown and "trade-offs" in shown
    assert "explaining each decision" in shown  # every exercise asks for the reasoning
    assert "this playbook's assumption: the guide sets no limit" in shown  # the take-home limit, labelled
    assert "about 60 minutes (_assumed: the guide gives no interview lengths_)" in shown
    assert "Has never taken a model to production" not in shown  # expected of a junior, not a red flag
    assert "Cannot say how they would check that a model is ready for real users" in shown


def _debrief_for(slack, fake_slack, session, settings, playbook, clock, signals: list[str]) -> str:
    """An approved junior role for production work that includes deployment, planned with the technical and
    ethics stages, one candidate screened with `signals`, the stages scored by ALICE and BOB: the debrief's text."""
    req_id = approved_requisition(session, settings, playbook)
    keep = ("technical", "ethics")
    session.execute(
        update(PlanStage)
        .where(PlanStage.requisition_id == req_id, PlanStage.stage_key.not_in(keep))
        .values(active=False)
    )
    session.commit()
    assert add_candidate(slack, fake_slack, req_id, {iv_ids.SIGNALS: signals}).body == ""
    candidate = session.scalars(select(Candidate)).one()
    panel = dict(zip(keep, (ALICE, BOB), strict=True))
    picks = {iv_ids.STAGE_PREFIX + stage: who for stage, who in panel.items()}
    assert slack.submit(open_assign_view(slack, fake_slack, candidate.id), picks, user=HM).body == ""
    for stage, who in panel.items():
        interview_and_score(slack, fake_slack, clock, playbook, who, stage, 3, "yes")
    debrief = next(p for p in reversed(fake_slack.posts_to(HIRING_CHANNEL)) if p["text"].startswith("Debrief"))
    assert last_view(fake_slack)  # the scorecard form was opened and submitted
    return json.dumps(debrief["blocks"], ensure_ascii=False)


def test_an_engineering_heavy_role_flags_a_screen_with_nothing_in_production(
    slack, fake_slack, session, settings, playbook, clock, people
):
    shown = _debrief_for(slack, fake_slack, session, settings, playbook, clock, ["impact", "real_data"])
    assert "Their resume screen found no model deployed to production" in shown
    assert "Hiring a data scientist for it is among the most common mistakes" in shown


def test_a_screen_that_found_production_work_is_not_flagged(
    slack, fake_slack, session, settings, playbook, clock, people
):
    shown = _debrief_for(slack, fake_slack, session, settings, playbook, clock, ["production", "impact"])
    assert "Their resume screen found no model deployed to production" not in shown

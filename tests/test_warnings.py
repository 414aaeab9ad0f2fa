"""Intake warnings: each of the guide's traps, from the answers (pure), and one in the post (end to end)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.flows.requisition import ids
from bot.flows.requisition.jobdesc import draft_job_description
from bot.flows.requisition.warnings import Answers, hiring_model_advice, hiring_model_note, regulated, warnings
from bot.models import Requisition
from tests.support.requisitions import APPROVER, HIRING_CHANNEL, submit, text_of

SAFE = Answers(level="senior", headcount=2, stage="production", work="both", mlops="moderate", hiring_model="in_house")


def texts(playbook, **changes) -> list[str]:
    return warnings(playbook, Answers(**(SAFE.__dict__ | changes)))


def test_a_well_shaped_requisition_has_no_warning(playbook):
    assert texts(playbook) == []


@pytest.mark.parametrize(
    "changes, rule",
    [
        (dict(level="junior", mlops="high"), "junior_owns_mlops"),
        (dict(level="mid", mlops="high"), "junior_owns_mlops"),
        (dict(headcount=1), "one_person_team"),
        (dict(level="junior", headcount=3, has_senior=False, mlops="low"), "juniors_without_senior"),
        (dict(regulated=True), "regulated_domain"),
        (dict(domain="Claims triage for a health insurer"), "regulated_domain"),
        (dict(hiring_model="partner", mlops="high"), "outsourced_production"),
        (dict(hiring_model="contractor", mlops="high", level="senior"), "outsourced_production"),
        (dict(stage="experimental"), "senior_for_prototype"),
        (dict(level="staff", stage="experimental", work="training"), "senior_for_prototype"),
        (dict(level="mid"), "mid_runs_production"),
    ],
)
def test_each_trap_is_named_with_the_reasoning(playbook, changes, rule):
    assert playbook.intake_warnings.texts[rule] in texts(playbook, **changes)


def test_the_rules_stay_quiet_where_they_do_not_apply(playbook):
    assert texts(playbook, level="senior", mlops="high") == []  # a senior may own MLOps
    assert texts(playbook, level="junior", headcount=3, has_senior=True, mlops="low") == []
    assert texts(playbook, level="junior", headcount=3, has_senior=None, mlops="low") == []  # not asked: no guess
    assert texts(playbook, hiring_model="partner", stage="experimental", mlops="high", level="mid") == []  # a prototype
    assert not regulated(playbook, Answers(**(SAFE.__dict__ | {"domain": "health insurance", "regulated": False})))
    assert not regulated(playbook, Answers(**(SAFE.__dict__ | {"domain": "healthy snacks recommendations"})))
    assert regulated(playbook, Answers(**(SAFE.__dict__ | {"domain": "payments fraud"})))


def test_the_scope_rules_stay_quiet_where_the_level_fits(playbook):
    assert texts(playbook, level="mid", stage="experimental") == []  # a mid-level engineer for a prototype
    assert texts(playbook, level="mid", mlops="low") == []  # others run MLOps for them
    assert texts(playbook, level="mid", stage="experimental", mlops="moderate") == []


def test_the_hiring_model_advice_follows_the_model_and_the_stage(playbook):
    def advice(**changes):
        return " ".join(hiring_model_advice(playbook, Answers(**(SAFE.__dict__ | changes))))

    assert "how the return will be measured" in advice() and "Plan the team" in advice()
    assert "scale, governance" in advice() and "validation matter most" not in advice()
    assert "validation matter most" in advice(stage="experimental")
    outside = advice(hiring_model="partner")
    assert (
        "hybrid" in outside and "Bring the work in-house when" in outside and "knowledge lost at hand-over" in outside
    )
    assert "Plan the team" not in outside


def test_every_hiring_model_has_its_note_and_a_regulated_domain_asks_for_compliance(playbook):
    for model in ("in_house", "contractor", "partner"):
        assert len(hiring_model_note(playbook, model)) > 40
    args = dict(
        specialization="nlp",
        level="senior",
        stage="production",
        work="both",
        mlops="moderate",
        tools=None,
        domain=None,
        pay_range=None,
        location="remote",
    )
    line = playbook.intake_warnings.compliance_requirement
    assert line in str(draft_job_description(playbook, **args, regulated=True).sections)
    assert line not in str(draft_job_description(playbook, **args).sections)


def test_a_warning_reaches_the_post_and_the_approver(slack, fake_slack, session):
    submit(slack, fake_slack, {ids.LEVEL: "junior", ids.MLOPS: "high", ids.REGULATED: "yes"})
    req = session.scalars(select(Requisition)).one()
    assert req.regulated is True and req.has_senior is None
    posted = text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    assert "Before you hire" in posted and "MLOps for production models" in posted and "domain is regulated" in posted
    assert "*Hiring model*: In-house fits when ML is core" in posted
    assert "MLOps for production models" in text_of(fake_slack.posts_to(APPROVER)[0])


def test_the_post_shows_the_hub_uplift_and_labels_assumptions(slack, fake_slack, session):
    submit(slack, fake_slack)
    req = session.scalars(select(Requisition)).one()
    posted = text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    assert "senior band $160,000–$200,000+ × 1.2–1.4 (high-cost hub) = $192,000–$280,000+" in posted
    assert "Assumption:" not in posted.split("Posted in the job description")[0]  # the hub figures are the guide's
    submit(slack, fake_slack, {ids.LOCATION: "remote", ids.HIRING_MODEL: "contractor"})
    remote = session.scalars(select(Requisition).order_by(Requisition.id.desc())).first()
    posted = text_of(fake_slack.message(HIRING_CHANNEL, remote.post_ts))
    assert "Assumption: a full-time year is taken as 2,080 hours" in posted
    assert "weeks to have a contractor signed" in posted and "Assumption: the guide gives no timeline" in posted


def test_a_regulated_domain_adds_the_compliance_question_to_the_ethics_kit(playbook):
    from datetime import date

    from bot.models import Candidate, Interview
    from bot.ui.interviews import kit

    req = Requisition(
        id=1,
        level="senior",
        specialization="nlp",
        headcount=1,
        stage="production",
        work="both",
        mlops="moderate",
        hiring_model="in_house",
        domain="claims for a health insurer",
        has_senior=None,
        regulated=None,
        location="remote",
        target_start=date(2027, 1, 1),
    )
    candidate = Candidate(id=5, name="Ada", profile_url="https://example.org/ada", source="referral")
    ethics = Interview(id=2, candidate_id=5, stage_key="ethics", interviewer_id="U1", assignment_no=1)
    question = playbook.intake_warnings.compliance_question
    assert question.split(".")[0] in kit(playbook, [ethics], candidate, req)[1].__repr__()
    req.regulated = False  # the hiring manager said it is not
    assert question.split(".")[0] not in kit(playbook, [ethics], candidate, req)[1].__repr__()

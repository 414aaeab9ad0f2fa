"""The whole hiring loop through Slack, start to first day: intake → changes requested → revised →
approved → candidate → interview → Hire → offer above the band, approved → accepted (the requisition
fills) → the new hire joins Slack → onboarding."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select, update

from bot.flows.interviews import ids as iv_ids
from bot.flows.offers import ids as offer_ids
from bot.flows.onboarding import ids as ob_ids
from bot.flows.requisition import ids
from bot.models import Candidate, Offer, Onboarding, PlanStage, PreparedOnboarding, Requisition
from tests.test_interviews_e2e import ALICE, APPROVER, HM, add_candidate, click, interview_and_score, last_view
from tests.test_interviews_e2e import people as people  # noqa: F401 (a fixture)
from tests.test_joining_e2e import GRACE, grace, joined_messages, sweeper
from tests.test_lifecycle_e2e import decide, open_revise, requisition
from tests.test_offers_e2e import GOOD as OFFER
from tests.test_offers_e2e import accept, button_to, press
from tests.test_requisition_e2e import GOOD, submit


def test_from_intake_to_the_new_hires_onboarding(
    slack, fake_slack, session, session_factory, settings, playbook, people, clock
):
    # intake, changes requested, revised to one engineer, approved from the new request
    submit(slack, fake_slack)
    decide(slack, fake_slack, requisition(session), ids.REQUEST_CHANGES, reason="One engineer for now")
    view = open_revise(slack, fake_slack, requisition(session))
    assert slack.submit(view, GOOD | {ids.HEADCOUNT: "1"}, user=HM).body == ""
    decide(slack, fake_slack, requisition(session), ids.APPROVE)
    req = requisition(session)
    assert (req.status, req.revision, req.headcount) == ("approved", 1, 1)
    session.execute(
        update(PlanStage)
        .where(PlanStage.requisition_id == req.id, PlanStage.stage_key != "technical")
        .values(active=False)
    )
    session.commit()

    # a candidate, interviewed and hired
    assert add_candidate(slack, fake_slack, req.id, {iv_ids.NAME: "Grace Hopper"}).body == ""
    candidate = session.scalars(select(Candidate)).one()
    click(slack, HM, iv_ids.ASSIGN, iv_ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), {iv_ids.STAGE_PREFIX + "technical": ALICE}, user=HM).body == ""
    interview_and_score(slack, fake_slack, clock, playbook, ALICE, "technical", 4, "strong_yes")
    click(slack, HM, iv_ids.HIRE, iv_ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), {iv_ids.RATIONALE: "Strong on every competency"}, user=HM).body == ""

    # the offer: above the band, so the approver decides; then accepted
    press(slack, HM, offer_ids.PREPARE, button_to(fake_slack, HM, offer_ids.PREPARE))
    expires = clock.now.date().isoformat()
    offer_view = last_view(fake_slack)
    assert slack.submit(offer_view, OFFER | {offer_ids.BASE: "295000", offer_ids.EXPIRES: expires}, user=HM).body == ""
    press(slack, APPROVER, offer_ids.APPROVE, button_to(fake_slack, APPROVER, offer_ids.APPROVE))
    assert session.scalars(select(Offer)).one().status == "extended"
    assert accept(slack, fake_slack, email="grace@example.org").body == ""
    req = session.get(Requisition, req.id)
    session.refresh(req)
    assert (req.filled, req.status) == (1, "filled")

    # the new hire joins Slack; the hiring manager starts the onboarding from the pre-filled form
    slack.event({"type": "team_join", "user": grace(fake_slack, "grace@example.org")})
    sweep = sweeper(session_factory, settings, playbook)
    sweep.run(clock.now)
    # told at the hiring manager's next working moment (after the Thanksgiving holidays)
    sweep.run(datetime(2026, 11, 30, 12, tzinfo=timezone.utc))
    assert len(joined_messages(fake_slack)) == 1
    press(slack, HM, offer_ids.START_PREPARED, button_to(fake_slack, HM, offer_ids.START_PREPARED))
    fake_slack.users["U0BUDDY"] = {"id": "U0BUDDY", "tz": "UTC", "is_bot": False, "deleted": False}
    form = last_view(fake_slack)
    values = {
        ob_ids.NEW_HIRE: GRACE,
        ob_ids.MANAGER: HM,
        ob_ids.BUDDY: "U0BUDDY",
        ob_ids.START_DATE: "2027-03-01",
        ob_ids.SPECIALIZATION: "nlp",
        ob_ids.REQUISITION: str(req.id),
        ob_ids.CHANNEL: "C0ONBOARD",
    }
    assert slack.submit(form, values, user=HM).body == ""
    onboarding = session.scalars(select(Onboarding)).one()
    assert (onboarding.new_hire_id, onboarding.manager_id, onboarding.requisition_id) == (GRACE, HM, req.id)
    assert session.scalars(select(PreparedOnboarding)).one().status == "started"

"""The whole hiring loop through Slack, start to the first check-in: intake → changes requested → revised →
approved → candidate → interview → Hire → offer above the band, approved → accepted (the requisition
fills) → the new hire joins Slack → onboarding → the day-30 check-in answered.

It runs once per shape of Slack's requests (devtools.shapes): a standard workspace (`"enterprise":
null`), an org-wide Enterprise Grid install (`"team": null`, `is_enterprise_install: true`) and Slack
Connect (the person's team differs from the installing workspace's), on whichever database the suite runs;
and again with the app installed through /slack/install in OAuth mode (a many-workspace deployment), where
every Slack call must carry that installation's own token.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select, update

from bot.flows.interviews import ids as iv_ids
from bot.flows.offers import ids as offer_ids
from bot.flows.onboarding import ids as ob_ids
from bot.flows.onboarding.schedule import CHECKIN
from bot.flows.requisition import ids
from bot.models import Candidate, CheckIn, Offer, Onboarding, PlanStage, PreparedOnboarding, Requisition
from devtools.shapes import Shape
from tests.support.installs import TOKEN_MODE
from tests.support.interviews import ALICE, APPROVER, HM, add_candidate, click, interview_and_score, last_view
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.offers import GRACE, OFFER, accept, button_to, grace, joined_messages, press
from tests.support.onboarding import answer_check_in, dms, kind_of
from tests.support.presses import refused_buttons
from tests.support.requisitions import INTAKE, decide, open_revise, requisition, submit
from tests.support.stale import stale_reminder_buttons
from tests.support.workspace import ADMIN, sweeper


@pytest.mark.all_shapes
@pytest.mark.both_modes
def test_from_intake_to_the_new_hires_first_check_in(
    slack, fake_slack, session, session_factory, settings, playbook, people, clock, engine, shape, mode
):
    def still_true(step: str) -> None:
        """After each action, no message offers a button the bot would now refuse: each is pressed for real
        (in the standard workspace on the token; the other shapes and modes walk the same steps)."""
        if shape is Shape.STANDARD and mode == TOKEN_MODE:
            assert refused_buttons(slack, fake_slack, engine, (HM, APPROVER, ADMIN)) == [], f"after: {step}"

    # intake, changes requested, revised to one engineer, approved from the new request
    submit(slack, fake_slack)
    still_true("intake")
    decide(slack, fake_slack, requisition(session), ids.REQUEST_CHANGES, reason="One engineer for now")
    still_true("changes requested")
    view = open_revise(slack, fake_slack, requisition(session))
    assert slack.submit(view, INTAKE | {ids.HEADCOUNT: "1"}, user=HM).body == ""
    still_true("revised")
    decide(slack, fake_slack, requisition(session), ids.APPROVE)
    still_true("approved")
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
    still_true("candidate added")
    candidate = session.scalars(select(Candidate)).one()
    click(slack, HM, iv_ids.ASSIGN, iv_ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), {iv_ids.STAGE_PREFIX + "technical": ALICE}, user=HM).body == ""
    still_true("interviewer assigned")
    interview_and_score(slack, fake_slack, clock, playbook, ALICE, "technical", 4, "strong_yes")
    still_true("scored")
    click(slack, HM, iv_ids.HIRE, iv_ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), {iv_ids.RATIONALE: "Strong on every competency"}, user=HM).body == ""
    still_true("hired")

    # the offer: above the band, so the approver decides; then accepted
    press(slack, HM, offer_ids.PREPARE, button_to(fake_slack, HM, offer_ids.PREPARE))
    expires = clock.now.date().isoformat()
    offer_view = last_view(fake_slack)
    assert slack.submit(offer_view, OFFER | {offer_ids.BASE: "295000", offer_ids.EXPIRES: expires}, user=HM).body == ""
    still_true("offer sent for approval")
    press(slack, APPROVER, offer_ids.APPROVE, button_to(fake_slack, APPROVER, offer_ids.APPROVE))
    assert session.scalars(select(Offer)).one().status == "extended"
    still_true("offer approved")
    assert accept(slack, fake_slack, email="grace@example.org").body == ""
    req = session.get(Requisition, req.id)
    session.refresh(req)
    assert (req.filled, req.status) == (1, "filled")
    still_true("offer accepted")

    # the new hire joins Slack; the hiring manager starts the onboarding from the pre-filled form
    grace(fake_slack, "grace@example.org")
    joined = {"type": "team_join", "user": fake_slack.person(GRACE), "cache_ts": 1764000000, "event_ts": "1764000000.1"}
    slack.event(joined)
    sweep = sweeper(session_factory, settings, playbook)
    sweep.run(clock.now)
    # told at the hiring manager's next working moment (after the Thanksgiving holidays)
    sweep.run(datetime(2026, 11, 30, 12, tzinfo=timezone.utc))
    assert len(joined_messages(fake_slack)) == 1
    still_true("joined")
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
    still_true("onboarding started")

    # the first month: on day 30 the new hire's check-in arrives, and they answer it
    sweep.run(datetime(2027, 3, 1, 12, tzinfo=timezone.utc))  # the start day
    sweep.run(datetime(2027, 3, 31, 12, tzinfo=timezone.utc))  # day 30, a Wednesday, after 10:00 in their zone
    still_true("day 30")
    [day30] = [p for p in dms(fake_slack, GRACE) if kind_of(session, p) == (CHECKIN, {"day": 30, "role": "new_hire"})]
    answers = {
        ob_ids.RAMP_UP: "4",
        ob_ids.CLARITY: "4",
        ob_ids.WORKLOAD: "3",
        ob_ids.SUPPORT: "5",
        ob_ids.SHARE: "yes",
    }
    _, response = answer_check_in(slack, fake_slack, day30, GRACE, answers)
    assert response.body == ""
    check_in = session.scalars(select(CheckIn)).one()
    assert (check_in.onboarding_id, check_in.day, check_in.role) == (onboarding.id, 30, "new_hire")
    assert any("ramp-up 4/5" in (p.get("text") or "") for p in fake_slack.posts_to("C0ONBOARD"))
    still_true("check-in answered")
    # every reminder the journey sent whose moment has passed offers no button any more (the approval
    # reminders after the decision, the interview's after the scorecard, the offer's after the answer,
    # the check-in's after it was answered)
    assert stale_reminder_buttons(fake_slack, session) == []
    assert [p for p in dms(fake_slack, GRACE) if kind_of(session, p)[0] == CHECKIN]  # there were some to retire

"""End to end: an accepted offer's onboarding starts when the new hire joins Slack."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from bot.flows.offers import ids
from bot.flows.offers.nudges import JOINED, NOT_JOINED
from bot.flows.onboarding import ids as ob_ids
from bot.models import Nudge, Onboarding
from tests.support.interviews import HM
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.offers import EMAIL, GRACE, accepted, button_to, grace, joined_messages
from tests.support.workspace import sweeper


def test_team_join_with_the_email_leads_to_a_prefilled_onboarding(
    slack, fake_slack, session, session_factory, settings, playbook, people, clock
):
    req, prepared = accepted(slack, fake_slack, session)
    slack.event({"type": "team_join", "user": grace(fake_slack, "someone.else@example.org")})
    session.refresh(prepared)
    assert prepared.status == "waiting"  # another email: not them
    slack.event({"type": "team_join", "user": grace(fake_slack, "Grace@Example.org")})
    session.refresh(prepared)
    assert (prepared.status, prepared.new_hire_id) == ("joined", GRACE)

    sweep = sweeper(session_factory, settings, playbook)
    sweep.run(clock.now)
    sweep.run(clock.now + timedelta(minutes=5))
    [told] = joined_messages(fake_slack)
    assert f"<@{GRACE}>" in told["text"]
    slack.click(
        user=HM,
        action_id=ids.START_PREPARED,
        block_id=ids.JOIN_ACTIONS,
        channel="D0HM",
        message_ts="1.1",
        value=button_to(fake_slack, HM, ids.START_PREPARED),
    )
    modal = fake_slack.called("views.open")[-1]["view"]
    assert modal["callback_id"] == ob_ids.START_CALLBACK
    initial = {b["block_id"]: b["element"] for b in modal["blocks"] if b.get("type") == "input"}
    assert initial[ob_ids.NEW_HIRE]["initial_user"] == GRACE
    assert initial[ob_ids.MANAGER]["initial_user"] == HM
    assert initial[ob_ids.START_DATE]["initial_date"] == "2027-03-01"
    assert initial[ob_ids.SPECIALIZATION]["initial_option"]["value"] == "nlp"
    assert initial[ob_ids.REQUISITION]["initial_option"]["value"] == str(req.id)
    fake_slack.users["U0BUDDY"] = {"id": "U0BUDDY", "tz": "UTC", "is_bot": False, "deleted": False}
    values = {
        ob_ids.NEW_HIRE: GRACE,
        ob_ids.MANAGER: HM,
        ob_ids.BUDDY: "U0BUDDY",
        ob_ids.START_DATE: "2027-03-01",
        ob_ids.SPECIALIZATION: "nlp",
        ob_ids.REQUISITION: str(req.id),
        ob_ids.CHANNEL: "C0ONBOARD",
    }
    assert slack.submit(modal, values, user=HM).body == ""
    onboarding = session.scalars(select(Onboarding)).one()
    assert (onboarding.new_hire_id, onboarding.requisition_id, onboarding.start_date) == (
        GRACE,
        req.id,
        date(2027, 3, 1),
    )
    session.refresh(prepared)
    assert prepared.status == "started"


def test_a_sweep_finds_the_new_hire_by_email_from_two_weeks_before_the_start(
    slack, fake_slack, session, session_factory, settings, playbook, people, clock
):
    _, prepared = accepted(slack, fake_slack, session, start="2026-12-21")
    sweep = sweeper(session_factory, settings, playbook)
    sweep.run(clock.now)  # 25 November: more than 14 days ahead, nobody is asked
    assert fake_slack.called("users.lookupByEmail") == []
    clock.now = datetime(2026, 12, 8, 12, tzinfo=timezone.utc)
    sweep.run(clock.now)
    sweep.run(clock.now + timedelta(minutes=1))  # once a day, not once a sweep
    assert [c["email"] for c in fake_slack.called("users.lookupByEmail")] == [EMAIL]
    session.refresh(prepared)
    assert prepared.status == "waiting"
    grace(fake_slack)
    clock.now += timedelta(days=1)
    result = sweep.run(clock.now)
    assert result.joined == 1
    session.refresh(prepared)
    assert (prepared.status, prepared.new_hire_id) == ("joined", GRACE)
    sweep.run(clock.now + timedelta(minutes=1))
    assert len(joined_messages(fake_slack)) == 1
    assert len(fake_slack.called("users.lookupByEmail")) == 2


def test_not_joined_three_business_days_before_the_start_tells_the_manager_once(
    slack, fake_slack, session, session_factory, settings, playbook, people, clock
):
    _, prepared = accepted(slack, fake_slack, session, start="2026-12-21")  # a Monday
    nudge = session.scalars(select(Nudge).where(Nudge.kind == NOT_JOINED)).one()
    assert nudge.due_at.date() == date(2026, 12, 16)  # Wednesday, three business days before
    sweep = sweeper(session_factory, settings, playbook)
    for day in (15, 16, 17):
        sweep.run(datetime(2026, 12, day, 12, tzinfo=timezone.utc))
    told = [p for p in fake_slack.posts_to(HM) if "has not joined Slack" in (p.get("text") or "")]
    assert len(told) == 1 and EMAIL in told[0]["text"]
    grace(fake_slack)
    sweep.run(datetime(2026, 12, 18, 12, tzinfo=timezone.utc))
    assert session.scalars(select(Nudge).where(Nudge.kind == JOINED)).one().status in ("pending", "sent")

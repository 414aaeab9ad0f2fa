"""Reminders right in every zone and after outages, and a small team staffing a whole loop, end to end."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.flows.interviews import ids
from bot.flows.interviews.nudges import SCORECARD
from bot.flows.onboarding.schedule import CHECKIN, CHECKIN_REMINDER
from bot.models import Candidate, Interview, Nudge, Scorecard
from bot.runtime import build_worker
from bot.slack import build_client
from tests.support.interviews import (
    ALICE,
    BOB,
    CAROL,
    HM,
    add_candidate,
    click,
    last_view,
    requisition,
    scorecard_values,
    staffed,
    start_onboarding,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.workspace import ADMIN, HIRING_CHANNEL, build_slack

__all__ = ["people"]

KOLKATA_2PM = datetime(2026, 11, 26, 8, 30, tzinfo=timezone.utc)  # 14:00 in Asia/Kolkata, 03:30 in New York


@pytest.fixture
def ny_settings(settings):
    return replace(settings, default_timezone="America/New_York")


@pytest.fixture
def ny_slack(ny_settings, engine, clock, playbook, fake_slack, people):
    sim, server, executor = build_slack(ny_settings, engine, clock, playbook, fake_slack)
    yield sim
    server.shutdown()
    server.server_close()
    executor.shutdown(wait=True)
    assert fake_slack.violations == []


def one_stage_loop(slack, fake_slack, session, settings, playbook) -> Candidate:
    staffed(slack, fake_slack, session, settings, playbook, None, assign=False)  # one-stage plan, one candidate
    return session.scalars(select(Candidate)).one()


def prompts_to(session_factory, user) -> list[Nudge]:
    with session_factory() as s:
        return list(s.scalars(select(Nudge).where(Nudge.kind == SCORECARD, Nudge.recipient_id == user)))


@pytest.mark.parametrize("zone_known_at_assignment", [True, False])
def test_a_kolkata_interviewer_with_a_new_york_server_gets_the_prompt_after_the_interview(
    ny_slack, fake_slack, session, session_factory, ny_settings, playbook, clock, zone_known_at_assignment
):
    fake_slack.users[ALICE]["tz"] = "Asia/Kolkata"
    candidate = one_stage_loop(ny_slack, fake_slack, session, ny_settings, playbook)
    click(ny_slack, HM, ids.ASSIGN, ids.CandidateRef(candidate_id=candidate.id).dump())
    if not zone_known_at_assignment:  # Slack could not answer: the zone is learned later by the sweep
        fake_slack.fail_next("users.info", 503, times=3)
    assert ny_slack.submit(last_view(fake_slack), {ids.STAGE_PREFIX + "technical": ALICE}, user=HM).body == ""
    kit_ref = next(
        e["value"]
        for b in fake_slack.posts_to(ALICE)[-1]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.SET_TIME
    )
    click(ny_slack, ALICE, ids.SET_TIME, kit_ref)
    assert (
        ny_slack.submit(
            last_view(fake_slack), {ids.WHEN: str(int(KOLKATA_2PM.timestamp())), ids.DURATION: "60"}, user=ALICE
        ).body
        == ""
    )
    interview = session.scalars(select(Interview)).one()
    session.refresh(interview)
    [prompt] = prompts_to(session_factory, ALICE)
    assert prompt.anchor_at == interview.ends_at + timedelta(hours=1)  # tied to the instant, not to a local time

    sweeper = build_worker(session_factory, build_client(ny_settings, background=True), ny_settings, playbook)
    clock.now = datetime(2026, 11, 26, 3, 0, tzinfo=timezone.utc)  # the day before: zones are confirmed
    for _ in range(16):  # every half hour until just before 11:00 UTC (16:30 in Kolkata)
        sweeper.run(clock.now)
        [prompt] = prompts_to(session_factory, ALICE)
        if prompt.status == "sent":
            break
        clock.advance(minutes=30)
    assert prompt.status == "sent"
    assert prompt.sent_at >= interview.ends_at + timedelta(hours=1)  # never before the interview ends
    assert prompt.sent_at - (interview.ends_at + timedelta(hours=1)) <= timedelta(minutes=30)  # and not a day late
    assert prompt.local_tz == "Asia/Kolkata"


def test_a_month_without_sweeps_sends_the_newest_check_in_and_drops_the_stale_ones(
    slack, fake_slack, session, session_factory, settings, playbook, clock
):
    start_onboarding(session, settings, playbook, now=clock.now)
    sweeper = build_worker(session_factory, build_client(settings, background=True), settings, playbook)
    sweeper.run(datetime(2027, 1, 6, 10, 5, tzinfo=timezone.utc))  # the day-30 check-in goes out
    before = len(fake_slack.posts_to("U0NEWHIRE"))
    # the clock is down from then until after day 90 (7 March, a Sunday: Monday 8 March)
    result = sweeper.run(datetime(2027, 3, 8, 10, 5, tzinfo=timezone.utc))
    assert result.cancelled > 0
    with session_factory() as s:
        checkins = {
            (n.kind, n.detail["day"]): n
            for n in s.scalars(
                select(Nudge).where(Nudge.kind.in_((CHECKIN, CHECKIN_REMINDER)), Nudge.recipient_id == "U0NEWHIRE")
            )
        }
    assert checkins[(CHECKIN, 90)].status == "sent"
    for stale in ((CHECKIN, 60), (CHECKIN_REMINDER, 60), (CHECKIN_REMINDER, 30)):
        assert checkins[stale].status == "cancelled", stale
        assert checkins[stale].last_error.startswith("dropped as stale: the day-90 check-in has opened")
    sent = [json.dumps(p) for p in fake_slack.posts_to("U0NEWHIRE")[before:]]
    assert len([p for p in sent if "Day 90" in p]) == 1
    assert not any("Day 60" in p for p in sent)
    assert len([p for p in sent if "are overdue" in p]) <= 1  # the weekly reminders missed meanwhile: only the latest
    report = slack.command("/ml-report", "nudges", user=ADMIN).json()
    assert "Dropped as stale this week" in json.dumps(report) and "day-90 check-in has opened" in json.dumps(report)


def test_three_people_staff_a_five_stage_senior_loop_through_to_the_debrief(
    slack, fake_slack, session, settings, playbook, clock
):
    req_id = requisition(session, settings, playbook, level="senior")
    assert add_candidate(slack, fake_slack, req_id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    click(slack, HM, ids.ASSIGN, ids.CandidateRef(candidate_id=candidate.id).dump())
    view = last_view(fake_slack) | {"id": "V0ASSIGN", "hash": "h1"}
    panel = {"technical": ALICE, "system_design": ALICE, "mlops": BOB, "communication": BOB, "ethics": CAROL}
    picks = {ids.STAGE_PREFIX + stage: who for stage, who in panel.items()}

    # picking someone for a second stage: the form says the panel has fewer independent views
    second = slack.pick(view, user=HM, block_id=ids.STAGE_PREFIX + "system_design", selected_user=ALICE, values=picks)
    assert second.status == 200
    [updated] = fake_slack.called("views.update")
    assert "fewer independent views" in json.dumps(updated["view"])

    assert slack.submit(view, picks, user=HM).body == ""
    alice_kits = fake_slack.posts_to(ALICE)
    assert len(alice_kits) == 1  # one kit covering both of her stages
    refs = [
        e["value"]
        for b in alice_kits[0]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.SET_TIME
    ]
    assert len(refs) == 2
    kit = json.dumps(alice_kits[0])
    assert playbook.stage("technical").label in kit and playbook.stage("system_design").label in kit

    # every stage gets a time and its own scorecard
    starts = clock.now + timedelta(days=1)
    for n, interview in enumerate(session.scalars(select(Interview).order_by(Interview.id)).all()):
        ref = ids.InterviewRef(interview_id=interview.id, assignment_no=interview.assignment_no).dump()
        click(slack, interview.interviewer_id, ids.SET_TIME, ref)
        at = int((starts + timedelta(hours=n)).timestamp())
        assert (
            slack.submit(
                last_view(fake_slack), {ids.WHEN: str(at), ids.DURATION: "45"}, user=interview.interviewer_id
            ).body
            == ""
        )
    clock.now = starts + timedelta(hours=8)
    for interview in session.scalars(select(Interview).order_by(Interview.id)).all():
        click(
            slack,
            interview.interviewer_id,
            ids.OPEN_SCORECARD,
            ids.InterviewRef(interview_id=interview.id, assignment_no=interview.assignment_no).dump(),
        )
        assert (
            slack.submit(
                last_view(fake_slack),
                scorecard_values(playbook, interview.stage_key, 3, "yes"),
                user=interview.interviewer_id,
            ).body
            == ""
        )
    assert len(session.scalars(select(Scorecard)).all()) == 5
    debrief = [p for p in fake_slack.posts_to(HIRING_CHANNEL) if "Debrief" in (p.get("text") or "")]
    assert len(debrief) == 1
    assert "3 independent interviewers over 5 stages" in json.dumps(debrief[0]["blocks"])
    assert "panel disagrees" not in json.dumps(debrief[0]["blocks"])  # one person twice is not a disagreement


def test_the_approvers_zone_is_learned_from_the_intake_and_used_for_their_reminder(
    slack, fake_slack, session, session_factory
):
    from tests.support.requisitions import INTAKE, open_intake

    fake_slack.users["U0APPROVER"]["tz"] = "Asia/Tokyo"
    assert slack.submit(open_intake(slack, fake_slack), INTAKE, user=HM).body == ""
    with session_factory() as s:
        [reminder] = s.scalars(select(Nudge).where(Nudge.recipient_id == "U0APPROVER")).all()
    assert (reminder.local_tz, reminder.zone_confirmed) == ("Asia/Tokyo", True)
    assert reminder.due_at.hour == 1  # 10:00 in Tokyo

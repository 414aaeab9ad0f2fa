"""Orders nobody wrote a test for: each case found by trying the loop as a user would (issue 33), replayed through
signed requests and the sweep, as a regression test."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.flows.interviews import ids
from bot.flows.interviews.nudges import SCORECARD, SCORECARD_LATE, SCORECARD_REMINDER
from bot.models import Candidate, Interview, Nudge
from tests.support.interviews import (
    ALICE,
    BOB,
    HM,
    add_candidate,
    click,
    kit_value,
    last_view,
    open_assign_view,
    requisition,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.requisitions import text_of
from tests.support.workspace import sweeper as make_sweeper

FRIDAY_3PM = datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc)
MONDAY_9AM = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
TUESDAY_9AM = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
WEDNESDAY_10AM = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)


def interview_on_friday(slack, fake_slack, session, settings, playbook, clock, interviewer: str) -> None:
    """An approved requisition, a candidate, `interviewer` on the technical stage, the interview on Friday at
    15:00-16:00 UTC (everyone works in UTC, 09:00-18:00)."""
    req_id = requisition(session, settings, playbook)
    assert add_candidate(slack, fake_slack, req_id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    view = open_assign_view(slack, fake_slack, candidate.id)
    stages = [b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith(ids.STAGE_PREFIX)]
    assert slack.submit(view, {stages[0]: interviewer}, user=HM).body == ""
    click(slack, interviewer, ids.SET_TIME, kit_value(fake_slack, interviewer))
    kit = last_view(fake_slack)
    answer = slack.submit(kit, {ids.WHEN: str(int(FRIDAY_3PM.timestamp())), ids.DURATION: "60"}, user=interviewer)
    assert answer.body == ""


def sent(session_factory, user: str, kind: str) -> list[Nudge]:
    with session_factory() as s:
        return list(
            s.scalars(select(Nudge).where(Nudge.recipient_id == user, Nudge.kind == kind, Nudge.status == "sent"))
        )


def sweep_every_minute(sweeper, clock, until: datetime) -> None:
    """The clock's sweeps, at each minute a reminder is due (nothing is due between them)."""
    while clock.now < until:
        clock.now += timedelta(minutes=30)
        sweeper.run(clock.now)


def test_after_a_weekend_the_scorecard_reminders_do_not_land_together(
    slack, fake_slack, session, session_factory, settings, playbook, clock, people
):
    """Case 4: a Friday interview's prompt and its 24 h and 48 h reminders all fell on Monday 09:00 (two identical
    "still open" DMs), and the alert said "48 hours ago" when it was 89. Now the prompt comes on Monday, each
    reminder a business day after the one before, the hiring manager no earlier than the last one, with the
    real time since the interview as Slack shows it when read."""
    interview_on_friday(slack, fake_slack, session, settings, playbook, clock, ALICE)
    sweeper = make_sweeper(session_factory, settings, playbook)

    sweep_every_minute(sweeper, clock, WEDNESDAY_10AM)
    [prompt] = sent(session_factory, ALICE, SCORECARD)
    reminders = sorted(n.sent_at for n in sent(session_factory, ALICE, SCORECARD_REMINDER))
    days = [prompt.sent_at.date(), *(r.date() for r in reminders)]
    assert days == [MONDAY_9AM.date(), TUESDAY_9AM.date(), WEDNESDAY_10AM.date()], days
    assert sum("is still open" in p["text"] for p in fake_slack.posts_to(ALICE)) == 2
    [late] = sent(session_factory, HM, SCORECARD_LATE)
    assert late.sent_at >= reminders[-1]
    alert = [p for p in fake_slack.posts_to(HM) if "is late" in p["text"]][-1]["text"]
    assert "48 hours" not in alert and "^{ago}|" in alert, alert


def test_a_hiring_manager_on_the_panel_is_not_alerted_about_her_own_scorecard(
    slack, fake_slack, session, session_factory, settings, playbook, clock, people
):
    """Case 4: the hiring manager interviewing herself was escalated to about her own late scorecard."""
    interview_on_friday(slack, fake_slack, session, settings, playbook, clock, HM)
    sweeper = make_sweeper(session_factory, settings, playbook)
    sweep_every_minute(sweeper, clock, WEDNESDAY_10AM + timedelta(days=1))
    assert len(sent(session_factory, HM, SCORECARD_REMINDER)) == 2
    assert sent(session_factory, HM, SCORECARD_LATE) == []
    assert not any("is late" in p["text"] for p in fake_slack.posts_to(HM))


def test_two_interviews_of_one_candidate_cannot_overlap_and_the_form_says_whose_it_is(
    slack, fake_slack, session, settings, playbook, clock, people
):
    """Case 9: one candidate could be booked at 11:00 (60 min) and 11:30 (45 min) unwarned, and the *Interview
    time* form named neither the candidate nor the stage."""
    req_id = requisition(session, settings, playbook)
    assert add_candidate(slack, fake_slack, req_id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    view = open_assign_view(slack, fake_slack, candidate.id)
    picks = {ids.STAGE_PREFIX + "technical": ALICE, ids.STAGE_PREFIX + "communication": BOB}
    assert slack.submit(view, picks, user=HM).body == ""
    eleven = datetime(2026, 11, 27, 11, 0, tzinfo=timezone.utc)

    click(slack, ALICE, ids.SET_TIME, kit_value(fake_slack, ALICE))
    form = last_view(fake_slack)
    assert "Ada Lovelace: Practical technical assessment, requisition #" in text_of(form)
    assert slack.submit(form, {ids.WHEN: str(int(eleven.timestamp())), ids.DURATION: "60"}, user=ALICE).body == ""

    click(slack, BOB, ids.SET_TIME, kit_value(fake_slack, BOB))
    form = last_view(fake_slack)
    half_past = str(int((eleven + timedelta(minutes=30)).timestamp()))
    clash = slack.submit(form, {ids.WHEN: half_past, ids.DURATION: "45"}, user=BOB).json()["errors"][ids.WHEN]
    assert "overlaps another Practical technical assessment interview with Ada Lovelace" in clash
    assert "30 minutes before this one" in clash and "60 minutes" in clash
    session.expire_all()
    assert session.scalars(select(Interview.starts_at).where(Interview.interviewer_id == BOB)).one() is None
    at_noon = str(int((eleven + timedelta(hours=1)).timestamp()))  # back to back is fine
    assert slack.submit(form, {ids.WHEN: at_noon, ids.DURATION: "45"}, user=BOB).body == ""


def test_a_scheduling_reminder_already_sent_loses_its_buttons_once_the_time_is_set_or_declined(
    slack, fake_slack, session, session_factory, settings, playbook, clock, people
):
    """Found by the random walk: after the "set a time" reminder went out, setting the time or declining left the
    reminder offering Set time, Decline, Snooze and Stop."""
    from bot.flows.interviews.nudges import SCHEDULE
    from tests.support.requisitions import action_ids

    req_id = requisition(session, settings, playbook)
    assert add_candidate(slack, fake_slack, req_id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    picks = {ids.STAGE_PREFIX + "technical": ALICE, ids.STAGE_PREFIX + "communication": BOB}
    assert slack.submit(open_assign_view(slack, fake_slack, candidate.id), picks, user=HM).body == ""
    sweeper = make_sweeper(session_factory, settings, playbook)
    sweep_every_minute(sweeper, clock, datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc))
    reminders = {
        n.recipient_id: n for n in sent(session_factory, ALICE, SCHEDULE) + sent(session_factory, BOB, SCHEDULE)
    }
    assert set(reminders) == {ALICE, BOB}
    for n in reminders.values():
        assert ids.SET_TIME in action_ids(fake_slack.message(n.channel_id, n.message_ts)["blocks"])

    click(slack, ALICE, ids.SET_TIME, kit_value(fake_slack, ALICE))
    when = str(int((clock.now + timedelta(days=1)).timestamp()))
    assert slack.submit(last_view(fake_slack), {ids.WHEN: when, ids.DURATION: "60"}, user=ALICE).body == ""
    click(slack, BOB, ids.DECLINE, kit_value(fake_slack, BOB, ids.DECLINE))
    assert slack.submit(last_view(fake_slack), {ids.REASON: "On leave that week"}, user=BOB).body == ""

    for n in reminders.values():
        shown = fake_slack.message(n.channel_id, n.message_ts)
        assert action_ids(shown["blocks"]) == set(), (n.recipient_id, shown)


def test_a_sent_scheduling_reminder_loses_its_buttons_when_the_stage_moves_on_or_the_requisition_holds(
    slack, fake_slack, session, session_factory, settings, playbook, clock, people
):
    """Found by the random walk: a stage given to someone else, or the requisition put on hold, left the "set a
    time" reminder already sent offering Set time, Decline, Snooze and Stop."""
    from bot.flows.interviews.nudges import SCHEDULE
    from bot.flows.requisition import ids as req_ids
    from bot.models import Requisition
    from tests.support.interviews import CAROL
    from tests.support.requisitions import action_ids, press

    req_id = requisition(session, settings, playbook)
    assert add_candidate(slack, fake_slack, req_id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    picks = {ids.STAGE_PREFIX + "technical": ALICE, ids.STAGE_PREFIX + "communication": BOB}
    assert slack.submit(open_assign_view(slack, fake_slack, candidate.id), picks, user=HM).body == ""
    sweep_every_minute(make_sweeper(session_factory, settings, playbook), clock, FRIDAY_3PM)
    [alice], [bob] = sent(session_factory, ALICE, SCHEDULE), sent(session_factory, BOB, SCHEDULE)

    again = {ids.STAGE_PREFIX + "technical": ALICE, ids.STAGE_PREFIX + "communication": CAROL}
    assert slack.submit(open_assign_view(slack, fake_slack, candidate.id), again, user=HM).body == ""
    assert action_ids(fake_slack.message(bob.channel_id, bob.message_ts)["blocks"]) == set()
    assert ids.SET_TIME in action_ids(fake_slack.message(alice.channel_id, alice.message_ts)["blocks"])

    req = session.get(Requisition, req_id)
    press(slack, HM, req_ids.HOLD, req_ids.RequisitionRef(requisition_id=req_id).dump(), req)
    session.expire_all()
    assert session.get(Requisition, req_id).status == "on_hold"
    assert action_ids(fake_slack.message(alice.channel_id, alice.message_ts)["blocks"]) == set()

"""End to end: nudge buttons, quiet hours and the admin report through signed requests."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.flows.nudges import ids
from bot.flows.requisition import nudges
from bot.models import Nudge, NudgeOptOut, UserProfile
from bot.runtime import build_worker
from bot.slack import build_client
from bot.tenancy import SINGLE
from tests.support.reminders import APPROVER, FRI_10, submit
from tests.support.workspace import ADMIN

OUTSIDER = "U0OUTSIDER"


@pytest.fixture
def sweeper(session_factory, settings, playbook, fake_slack, clock):
    fake_slack.clock = clock
    return build_worker(session_factory, build_client(settings, background=True), settings, playbook)


def sent_reminder(sweeper, session_factory, settings, playbook, fake_slack):
    submit(session_factory, settings, playbook)
    assert sweeper.run(FRI_10).sent == 1
    with session_factory() as s:
        nudge = s.scalars(select(Nudge).where(Nudge.kind == nudges.REMIND)).one()
    return nudge, fake_slack.message(nudge.channel_id, nudge.message_ts)


def click(slack, nudge, message, action_id, user=APPROVER):
    return slack.click(
        user=user,
        action_id=action_id,
        block_id=ids.CONTROLS,
        channel=nudge.channel_id,
        message_ts=nudge.message_ts,
        value=ids.NudgeRef(nudge_id=nudge.id).dump(),
        message=message,
    )


def test_snooze_moves_it_a_working_day_later_and_stop_ends_it(
    slack, sweeper, session_factory, settings, playbook, fake_slack, clock
):
    nudge, message = sent_reminder(sweeper, session_factory, settings, playbook, fake_slack)
    clock.now = FRI_10 + timedelta(hours=2)  # Friday noon: a day later is Saturday, so Monday 09:00

    assert click(slack, nudge, message, ids.SNOOZE).status == 200
    click(slack, nudge, message, ids.SNOOZE)  # a double click keeps one snoozed copy
    with session_factory() as s:
        [again] = s.scalars(select(Nudge).where(Nudge.kind == nudges.REMIND, Nudge.id != nudge.id)).all()
    assert (again.status, again.due_at) == ("pending", datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    updated = fake_slack.message(nudge.channel_id, nudge.message_ts)
    assert ids.CONTROLS not in json.dumps(updated["blocks"]) and "Snoozed until" in json.dumps(updated["blocks"])

    assert click(slack, nudge, message, ids.STOP).status == 200
    with session_factory() as s:
        assert s.get(Nudge, again.id).status == "cancelled"
        [opt_out] = s.scalars(select(NudgeOptOut)).all()
        assert (opt_out.user_id, opt_out.kind) == (APPROVER, nudges.REMIND)
    assert "Stopped" in json.dumps(fake_slack.message(nudge.channel_id, nudge.message_ts)["blocks"])
    before = len(fake_slack.called("chat.postMessage"))
    sweeper.run(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    to_approver = [p for p in fake_slack.called("chat.postMessage")[before:] if p["channel"] == APPROVER]
    assert to_approver == []  # stopped; the hiring manager's escalation is another kind and still comes


def test_someone_elses_reminder_cannot_be_snoozed_or_stopped(
    slack, sweeper, session_factory, settings, playbook, fake_slack
):
    nudge, message = sent_reminder(sweeper, session_factory, settings, playbook, fake_slack)
    for action in (ids.SNOOZE, ids.STOP):
        click(slack, nudge, message, action, user=OUTSIDER)
    refusals = fake_slack.called("hooks/actions/T111/1/x")
    assert len(refusals) == 2 and all("someone else's" in r["text"] for r in refusals)
    with session_factory() as s:
        assert s.scalars(select(NudgeOptOut)).all() == []
        assert len(s.scalars(select(Nudge).where(Nudge.kind == nudges.REMIND)).all()) == 1


def open_quiet_hours(slack, fake_slack, user=APPROVER) -> dict:
    slack.click(
        user=user, action_id=ids.SET_QUIET, block_id="home_settings", channel="D0X", message_ts="1.1", value="quiet"
    )
    return fake_slack.called("views.open")[-1]["view"]


def test_quiet_hours_are_saved_and_respected(slack, sweeper, session_factory, settings, playbook, fake_slack):
    [early] = submit(session_factory, settings, playbook)  # scheduled for Friday 10:00, before quiet hours exist
    view = open_quiet_hours(slack, fake_slack)
    assert view["callback_id"] == ids.QUIET_CALLBACK
    half = slack.submit(view, {ids.QUIET_START: None, ids.QUIET_END: None}, user=APPROVER)
    assert half.body == ""  # clearing is fine
    view = open_quiet_hours(slack, fake_slack)  # a submitted modal closes: open it again
    bad = slack.submit(view, {ids.QUIET_START: "08:00"}, user=APPROVER).json()
    assert bad["response_action"] == "errors" and ids.QUIET_END in bad["errors"]
    whole_day = slack.submit(view, {ids.QUIET_START: "08:00", ids.QUIET_END: "19:00"}, user=APPROVER).json()
    assert "no working time" in whole_day["errors"][ids.QUIET_END]

    assert slack.submit(view, {ids.QUIET_START: "09:00", ids.QUIET_END: "12:00"}, user=APPROVER).body == ""
    with session_factory() as s:
        profile = s.get(UserProfile, (SINGLE, APPROVER))
        assert (profile.quiet_start, profile.quiet_end) == (time(9), time(12))
    assert open_quiet_hours(slack, fake_slack)["blocks"][1]["element"]["initial_time"] == "09:00"

    [later] = submit(session_factory, settings, playbook)  # scheduled knowing the quiet hours
    with session_factory() as s:
        assert s.scalars(
            select(Nudge.due_at).where(Nudge.kind == nudges.REMIND, Nudge.subject_id == later)
        ).one() == FRI_10.replace(hour=12)
    assert sweeper.run(FRI_10).sent == 0  # 10:00 is inside the approver's quiet hours: the early one is moved
    with session_factory() as s:
        row = s.scalars(select(Nudge).where(Nudge.kind == nudges.REMIND, Nudge.subject_id == early)).one()
    assert row.due_at == FRI_10.replace(hour=12)
    assert sweeper.run(row.due_at).sent == 2


def test_the_nudge_report_is_for_admins(slack, sweeper, session_factory, settings, playbook, fake_slack):
    submit(session_factory, settings, playbook)
    fake_slack.fail_next("chat.postMessage", 403, times=1)
    assert sweeper.run(FRI_10).failed == 1  # a 4xx will not heal: failed at once, admins told
    report = slack.command("/ml-report", "nudges", user=ADMIN).json()
    text = json.dumps(report)
    assert "1 failed" in report["text"] and nudges.REMIND in text and f"<@{APPROVER}>" in text
    assert "invalid_arguments" in text
    refused = slack.command("/ml-report", "nudges", user=OUTSIDER).json()
    assert "Only admins" in refused["text"] and nudges.REMIND not in json.dumps(refused)
    usage = slack.command("/ml-report", "", user=ADMIN).json()
    assert "/ml-report nudges" in usage["text"]

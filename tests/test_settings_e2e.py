"""End to end: settings kept in Slack. Admins change them from App Home; the next request and the next sweep
use them without a restart; every change is recorded; the last admin stays; non-admins are refused."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.flows.reports import ids as report_ids
from bot.flows.settings import ids
from bot.flows.settings.forms import LAST_ADMIN
from bot.models import SettingChange, WorkspaceSettings
from bot.runtime import build_worker
from bot.slack import build_client
from tests.support.reports import HM, pipeline_org, requisition
from tests.support.settings import open_settings, values
from tests.support.workspace import ADMIN, HIRING_CHANNEL

NEW_CHANNEL, NEW_ADMIN = "C0NEWHIRING", "U0OTHER"


def open_home(slack, fake_slack, user: str) -> dict:
    slack.event({"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home", "event_ts": "1764000000.1"})
    return [c for c in fake_slack.called("views.publish") if c["user_id"] == user][-1]["view"]


def test_admins_see_settings_and_changes_apply_on_the_next_request(slack, fake_slack, session, clock):
    home = open_home(slack, fake_slack, ADMIN)
    assert ids.OPEN in json.dumps(home) and "hiring channel: <#C0HIRING>" in json.dumps(home)
    assert ids.OPEN not in json.dumps(open_home(slack, fake_slack, HM))  # non-admins never see the section

    # before: the other person is not an admin
    assert "Only admins" in slack.command("/ml-report", "nudges", user=NEW_ADMIN).json()["text"]

    _, view = open_settings(slack, fake_slack)
    assert view["callback_id"] == ids.CALLBACK
    initial = {b["block_id"]: b["element"] for b in view["blocks"] if b.get("type") == "input"}
    assert initial[ids.HIRING_CHANNEL]["initial_conversation"] == HIRING_CHANNEL
    assert initial[ids.ADMINS]["initial_users"] == [ADMIN]
    assert initial[ids.WORK_START]["initial_time"] == "09:00"
    assert initial[ids.DIGEST_TIME]["initial_time"] == "09:30"
    assert "No changes yet" in json.dumps(view)

    answer = slack.submit(
        view,
        values(
            **{
                ids.HIRING_CHANNEL: NEW_CHANNEL,
                ids.ADMINS: [ADMIN, NEW_ADMIN],
                ids.HOLIDAY_COUNTRY: "DE",
                ids.HOLIDAY_REGION: "by",
                ids.DIGEST_DAY: "1",
                ids.DIGEST_TIME: "10:00",
            }
        ),
        user=ADMIN,
    )
    assert answer.body == ""  # saved: the modal closes
    row = session.scalars(select(WorkspaceSettings)).one()
    assert (row.hiring_channel, row.admins, row.holiday_country, row.holiday_subdivision) == (
        NEW_CHANNEL,
        [ADMIN, NEW_ADMIN],
        "DE",
        "BY",
    )
    changes = {c.field: (c.old, c.new, c.changed_by) for c in session.scalars(select(SettingChange))}
    assert changes["hiring channel"] == ("<#C0HIRING>", f"<#{NEW_CHANNEL}>", ADMIN)
    assert changes["admins"] == (f"<@{ADMIN}>", f"<@{ADMIN}>, <@{NEW_ADMIN}>", ADMIN)
    assert changes["public holidays"] == ("none", "Germany (BY)", ADMIN)
    assert changes["weekly digest"] == ("Monday 09:30", "Tuesday 10:00", ADMIN)
    assert "working hours" not in changes  # unchanged fields are not recorded

    # the next request, in the same running app: the new admin is an admin
    assert "Only admins" not in slack.command("/ml-report", "nudges", user=NEW_ADMIN).json()["text"]
    # the requisition modal defaults to the new hiring channel
    slack.command("/ml-req", "", user=HM)
    intake = fake_slack.called("views.open")[-1]["view"]
    assert NEW_CHANNEL in json.dumps(intake)
    # the changes are listed in the modal
    _, again = open_settings(slack, fake_slack)
    assert "hiring channel <#C0HIRING> → <#C0NEWHIRING>" in json.dumps(again, ensure_ascii=False)


def test_the_last_admin_cannot_be_removed(slack, fake_slack, session):
    _, view = open_settings(slack, fake_slack)
    answer = slack.submit(view, values(**{ids.ADMINS: []}), user=ADMIN)
    assert answer.json() == {"response_action": "errors", "errors": {ids.ADMINS: LAST_ADMIN}}
    assert session.scalars(select(WorkspaceSettings)).all() == []


def test_bad_settings_are_answered_on_their_fields(slack, fake_slack, session):
    _, view = open_settings(slack, fake_slack)
    answer = slack.submit(
        view, values(**{ids.WORK_START: "18:00", ids.WORK_END: "09:00", ids.HOLIDAY_REGION: "XX"}), user=ADMIN
    )
    errors = answer.json()["errors"]
    assert errors[ids.WORK_END] == "The working day must end after it starts."
    answer = slack.submit(view, values(**{ids.HOLIDAY_COUNTRY: "US", ids.HOLIDAY_REGION: "XX"}), user=ADMIN)
    assert answer.json()["errors"][ids.HOLIDAY_REGION].startswith("Not a region of that country")
    answer = slack.submit(view, values(**{ids.DIGEST_TIME: "07:00"}), user=ADMIN)
    assert "within working hours" in answer.json()["errors"][ids.DIGEST_TIME]
    # every problem at once (case 10 of issue 33: the rules between fields waited for the others to be valid)
    everything = {ids.ADMINS: [], ids.WORK_START: "18:00", ids.WORK_END: "09:00", ids.HOLIDAY_REGION: "XX"}
    answer = slack.submit(view, values(**everything, **{ids.HOLIDAY_COUNTRY: "US"}), user=ADMIN)
    assert set(answer.json()["errors"]) == {ids.ADMINS, ids.WORK_END, ids.HOLIDAY_REGION}
    assert session.scalars(select(WorkspaceSettings)).all() == []


def test_non_admins_cannot_open_or_submit_settings(slack, fake_slack, session):
    response, view = open_settings(slack, fake_slack, user=HM)
    assert view is None  # no modal for a non-admin
    _, view = open_settings(slack, fake_slack)  # an admin's modal, submitted by someone else (forged)
    answer = slack.submit(view, values(**{ids.ADMINS: [HM]}), user=HM)
    assert answer.json()["response_action"] == "errors"
    assert "Only admins" in json.dumps(answer.json())
    assert session.scalars(select(WorkspaceSettings)).all() == []


def test_a_stale_modal_is_refused(slack, fake_slack, session):
    _, first = open_settings(slack, fake_slack)
    _, second = open_settings(slack, fake_slack)
    assert slack.submit(first, values(**{ids.WORK_END: "17:00"}), user=ADMIN).body == ""
    answer = slack.submit(second, values(**{ids.WORK_END: "16:00"}), user=ADMIN)
    assert "open Settings again" in json.dumps(answer.json())
    assert session.scalars(select(WorkspaceSettings)).one().work_end.hour == 17


def test_the_clock_uses_saved_settings_without_a_restart(
    slack, fake_slack, session, session_factory, settings, playbook, clock
):
    monday = datetime(2026, 11, 30, 9, 30, tzinfo=timezone.utc)
    pipeline_org(session, monday - timedelta(days=1))
    running = build_worker(session_factory, build_client(settings, background=True), settings, playbook)
    running.run(monday - timedelta(days=2))  # this week's digest scheduled for the environment's channel
    _, view = open_settings(slack, fake_slack)
    values_ = values(**{ids.HIRING_CHANNEL: NEW_CHANNEL, ids.DIGEST_DAY: "1", ids.DIGEST_TIME: "10:00"})
    assert slack.submit(view, values_, user=ADMIN).body == ""
    running.run(monday)  # the same sweeper, never restarted
    assert [p for p in fake_slack.posts_to(HIRING_CHANNEL) if "Hiring" in (p.get("text") or "")] == []
    running.run(monday + timedelta(days=1, minutes=30))
    assert [p for p in fake_slack.posts_to(HIRING_CHANNEL) if "Hiring" in (p.get("text") or "")] == []
    [sent] = [p for p in fake_slack.posts_to(NEW_CHANNEL) if "Hiring" in (p.get("text") or "")]
    assert "week of 30 Nov 2026" in json.dumps(sent["blocks"])


def test_the_dashboard_stays_within_100_blocks(slack, fake_slack, session, clock):
    pipeline_org(session, clock.now)
    session.add_all(
        requisition(i, hm=HM, level="mid", weeks_ago=13, now=clock.now, low=6, high=12) for i in range(10, 200)
    )
    session.commit()
    for user in (ADMIN, HM):
        home = open_home(slack, fake_slack, user)
        text = json.dumps(home, ensure_ascii=False)
        assert len(home["blocks"]) <= 100
        assert "Hiring at a glance" in text and "late" in text
        assert "…and" in text and "more in the pipeline report" in text
        assert report_ids.OPEN_REPORT in text
    assert ids.OPEN in json.dumps(open_home(slack, fake_slack, ADMIN))  # the settings section survives the trim
    outsider = json.dumps(open_home(slack, fake_slack, "U0OUTSIDER"))
    assert "Hiring at a glance" not in outsider
    # the dashboard's button sends the report to the person's DM
    home = open_home(slack, fake_slack, HM)
    button = next(e for b in home["blocks"] if b.get("block_id") == report_ids.DASHBOARD for e in b["elements"])
    slack.click(
        user=HM,
        action_id=button["action_id"],
        value=button["value"],
        block_id=report_ids.DASHBOARD,
        channel="D0X",
        message_ts="1.1",
    )
    assert any("open requisitions" in (p.get("text") or "") for p in fake_slack.posts_to(HM))


def saved_elsewhere(session_factory, channel: str, version: int) -> None:
    """Settings saved by another web process: the row as a Settings save leaves it, at `version`."""
    from datetime import time as dtime

    from bot.tenancy import SINGLE

    with session_factory() as s:
        row = s.get(WorkspaceSettings, SINGLE) or WorkspaceSettings()
        row.hiring_channel, row.onboarding_channel, row.admins = channel, None, [ADMIN]
        row.work_start, row.work_end, row.digest_weekday, row.digest_time = dtime(9), dtime(17), 0, dtime(9)
        row.version, row.updated_by = version, ADMIN
        row.updated_at = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)
        s.add(row)
        s.commit()


def test_the_settings_in_force_follow_a_save_in_another_worker_within_two_seconds(session_factory, settings):
    """InForce: a read per FRESH seconds at most; a save elsewhere is seen once that has passed; a save in
    this process (forget) is seen on the next request."""

    from bot.flows.settings.service import InForce
    from bot.tenancy import SINGLE

    ticks = [100.0]
    in_force = InForce(settings, clock=lambda: ticks[0])
    assert in_force.read(session_factory).hiring_channel == HIRING_CHANNEL

    saved_elsewhere(session_factory, "C0NEWHIRING", 1)
    ticks[0] += 1.9
    assert in_force.read(session_factory).hiring_channel == HIRING_CHANNEL  # read less than 2 s ago
    ticks[0] += 0.2
    assert in_force.read(session_factory).hiring_channel == "C0NEWHIRING"
    saved_elsewhere(session_factory, "C0GENERAL", 2)
    in_force.forget(SINGLE)  # this process saved them
    assert in_force.read(session_factory).hiring_channel == "C0GENERAL"


def test_the_settings_in_force_are_read_again_off_the_request_path(session_factory, settings):
    """With `later`, a request that finds the settings due goes on with what was read and hands one read to
    `later` (however many requests find them due meanwhile); the next request sees what that read found. A
    save in this process is read on the request after it, and a read begun before that save is not kept."""

    from bot.flows.settings.service import InForce
    from bot.tenancy import SINGLE

    ticks, handed = [100.0], []
    in_force = InForce(settings, clock=lambda: ticks[0], later=handed.append)
    assert in_force.read(session_factory).hiring_channel == HIRING_CHANNEL and handed == []  # the first: read now

    saved_elsewhere(session_factory, "C0NEWHIRING", 1)
    ticks[0] += 2.1
    assert in_force.read(session_factory).hiring_channel == HIRING_CHANNEL  # due: goes on, one read handed over
    assert in_force.read(session_factory).hiring_channel == HIRING_CHANNEL and len(handed) == 1
    handed.pop()()  # the read runs (on its own thread in the app)
    assert in_force.read(session_factory).hiring_channel == "C0NEWHIRING" and handed == []

    ticks[0] += 2.1
    in_force.read(session_factory)
    begun_before_the_save = handed.pop()
    saved_elsewhere(session_factory, "C0GENERAL", 2)
    in_force.forget(SINGLE)  # this process saved them: the next request reads them itself
    assert in_force.read(session_factory).hiring_channel == "C0GENERAL" and handed == []
    saved_elsewhere(
        session_factory, "C0NEWHIRING", 3
    )  # (a later save elsewhere, which the old read must not bring in early)
    begun_before_the_save()
    assert in_force.read(session_factory).hiring_channel == "C0GENERAL"


def test_an_admin_removed_in_one_worker_is_refused_at_once_in_another(
    slack, fake_slack, session, settings, engine, clock, playbook
):
    """Case 13 of issue 33: right after an admin was removed in Settings, another web worker still answered her
    `/ml-report audit` for about two seconds. Granting may lag; removing a right must not."""
    from tests.support.workspace import build_slack

    other, server, executor = build_slack(settings, engine, clock, playbook, fake_slack)  # a second web worker
    try:
        _, view = open_settings(slack, fake_slack)
        assert slack.submit(view, values(**{ids.ADMINS: [ADMIN, NEW_ADMIN]}), user=ADMIN).body == ""
        assert "Only admins" not in other.command("/ml-report", "audit", user=NEW_ADMIN).json()["text"]

        _, view = open_settings(slack, fake_slack)
        assert slack.submit(view, values(**{ids.ADMINS: [ADMIN]}), user=ADMIN).body == ""  # in the first worker
        refused = other.command("/ml-report", "audit", user=NEW_ADMIN).json()["text"]  # at once, in the second
        assert "Only admins" in refused
        assert "Only admins" not in other.command("/ml-report", "audit", user=ADMIN).json()["text"]
    finally:
        server.shutdown()
        server.server_close()
        executor.shutdown(wait=True)

"""Onboarding end to end, with the clock injected across the whole 90 days."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.flows.onboarding import ids
from bot.flows.onboarding.schedule import CHECKIN, CHECKIN_LATE, CHECKIN_REMINDER, START
from bot.models import CheckIn, Nudge, Onboarding, OnboardingItem
from tests.support.clock import sweep_until
from tests.support.onboarding import (
    BUDDY,
    MGR,
    NEW,
    NEW_YORK,
    ONBOARD,
    OUTSIDER,
    ROBOT,
    TOKYO,
    answer_check_in,
    dms,
    kind_of,
    sent_at,
    start,
)
from tests.support.onboarding import ob_slack as ob_slack  # noqa: F401 (a fixture)
from tests.support.onboarding import onboarding_settings as onboarding_settings  # noqa: F401 (a fixture)
from tests.support.onboarding import people as people  # noqa: F401 (a fixture)
from tests.support.workspace import ADMIN
from tests.support.workspace import sweeper as make_sweeper

# the same in single-token mode and installed through OAuth (tests/conftest.py)
pytestmark = pytest.mark.both_modes


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "values, block, says",
    [
        ({ids.START_DATE: "2027-11-26"}, ids.START_DATE, "within a year"),
        ({ids.START_DATE: "2026-10-25"}, ids.START_DATE, "at most 30 days in the past"),
        ({ids.NEW_HIRE: MGR}, ids.MANAGER, "their own manager"),
        ({ids.BUDDY: NEW}, ids.BUDDY, "their own buddy"),
        ({ids.BUDDY: ROBOT}, ids.BUDDY, "That is a bot"),
        ({ids.NEW_HIRE: ROBOT}, ids.NEW_HIRE, "That is a bot"),
        ({ids.BUDDY: MGR}, ids.BUDDY, "other than the manager"),
        ({ids.START_DATE: None}, ids.START_DATE, "Pick the start date"),
    ],
)
def test_bad_input_is_refused_inline(ob_slack, fake_slack, session, values, block, says):
    answer = start(ob_slack, fake_slack, values).json()
    assert answer["response_action"] == "errors" and says in answer["errors"][block]
    assert count(session, Onboarding) == 0 and count(session, Nudge) == 0
    assert fake_slack.called("chat.postMessage") == []


def test_only_the_manager_or_an_admin_can_start_it(ob_slack, fake_slack, session):
    answer = start(ob_slack, fake_slack, user=OUTSIDER).json()
    assert "Only the new hire's manager or an admin" in answer["errors"][ids.MANAGER]
    assert start(ob_slack, fake_slack, user=ADMIN).body == ""
    assert count(session, Onboarding) == 1
    again = start(ob_slack, fake_slack).json()  # a second onboarding for the same person
    assert "already has an onboarding" in again["errors"][ids.NEW_HIRE] and "`" not in again["errors"][ids.NEW_HIRE]
    assert count(session, Onboarding) == 1


def test_ninety_days_of_onboarding(
    ob_slack, fake_slack, session, session_factory, onboarding_settings, playbook, clock
):
    clock.now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    assert start(ob_slack, fake_slack).body == ""
    ob = session.scalars(select(Onboarding)).one()
    [thread] = fake_slack.posts_to(ONBOARD)
    assert "0/10 done" in json.dumps(thread, ensure_ascii=False) and f"<@{NEW}>" in thread["text"]
    assert "responsible-AI guidelines" in json.dumps(thread, ensure_ascii=False)
    assert ob.thread_ts

    sweeper = make_sweeper(session_factory, onboarding_settings, playbook)
    # nothing before the start: the new hire's welcome comes at 10:00 Tokyo on the start day
    sweep_until(sweeper, clock, datetime(2026, 12, 7, 0, 59, tzinfo=timezone.utc))
    assert dms(fake_slack, NEW) == []
    sweep_until(sweeper, clock, datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc))
    [welcome] = dms(fake_slack, NEW)
    assert kind_of(session, welcome)[0] == START and "Welcome" in welcome["text"]
    assert sent_at(fake_slack, NEW, welcome).astimezone(TOKYO).replace(tzinfo=None) == datetime(2026, 12, 7, 10)
    sweep_until(sweeper, clock, datetime(2026, 12, 7, 15, 0, tzinfo=timezone.utc))  # 10:00 in New York
    assert [kind_of(session, p)[0] for p in dms(fake_slack, MGR)] == [START]
    assert [kind_of(session, p)[0] for p in dms(fake_slack, BUDDY)] == [START]

    # ticking an item from the welcome DM updates the thread's progress
    item_block = next(b for b in welcome["blocks"] if b.get("block_id", "").startswith(ids.ITEM_BLOCK_PREFIX))
    message = fake_slack.message(
        fake_slack.dm_channel(NEW),
        [m["ts"] for (c, _), m in fake_slack.messages.items() if m.get("metadata") == welcome["metadata"]][0],
    )
    ob_slack.click(
        user=OUTSIDER,
        action_id=ids.TICK,
        block_id=item_block["block_id"],
        channel=fake_slack.dm_channel(NEW),
        message_ts=message["ts"],
        value=item_block["accessory"]["value"],
        message=message,
    )
    assert (
        "for someone else" in fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]
        or "to tick" in fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]
    )
    ob_slack.click(
        user=NEW,
        action_id=ids.TICK,
        block_id=item_block["block_id"],
        channel=fake_slack.dm_channel(NEW),
        message_ts=message["ts"],
        value=item_block["accessory"]["value"],
        message=message,
    )
    assert "1/10 done" in json.dumps(fake_slack.message(ONBOARD, ob.thread_ts), ensure_ascii=False)
    assert "ticked by" in json.dumps(fake_slack.message(fake_slack.dm_channel(NEW), message["ts"]))
    assert (
        session.scalar(select(func.count()).select_from(OnboardingItem).where(OnboardingItem.done_at.isnot(None))) == 1
    )

    # day 30 (Wednesday 6 January): one check-in each, at 10:00 local
    sweep_until(sweeper, clock, datetime(2027, 1, 6, 16, 0, tzinfo=timezone.utc))
    [day30] = [p for p in dms(fake_slack, NEW) if kind_of(session, p) == (CHECKIN, {"day": 30, "role": "new_hire"})]
    assert sent_at(fake_slack, NEW, day30).astimezone(TOKYO).replace(tzinfo=None) == datetime(2027, 1, 6, 10)
    [mgr30] = [p for p in dms(fake_slack, MGR) if kind_of(session, p)[0] == CHECKIN]
    assert sent_at(fake_slack, MGR, mgr30).astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2027, 1, 6, 10)
    view, response = answer_check_in(
        ob_slack,
        fake_slack,
        day30,
        NEW,
        {
            ids.RAMP_UP: "4",
            ids.CLARITY: "4",
            ids.WORKLOAD: "4",
            ids.SUPPORT: "5",
            ids.SHARE: "yes",
            f"{ids.QUESTION_PREFIX}0": "Settling in well",
        },
    )
    assert response.body == ""
    answers = {ids.RAMP_UP: "4", ids.CLARITY: "4", ids.WORKLOAD: "4", ids.SUPPORT: "5", ids.SHARE: "yes"}
    again = ob_slack.submit(view, answers, user=NEW).json()  # the same submission delivered twice
    assert again["response_action"] == "update" and "Already received" in json.dumps(again["view"])
    twice = ob_slack.submit(view | {"id": "V0SECONDCOPY"}, answers, user=NEW).json()  # a second copy of the form
    assert "already answered" in twice["errors"][ids.NOTES]
    assert count(session, CheckIn) == 1
    summary = fake_slack.posts_to(ONBOARD)[-1]
    assert summary["thread_ts"] == ob.thread_ts and "ramp-up 4/5" in summary["text"]
    assert "Settling in well" in fake_slack.posts_to(MGR)[-1]["text"]  # shared with the manager, privately
    assert "Settling in well" not in json.dumps(fake_slack.called("chat.postMessage")[-2])

    # day 60 (Friday 5 February) unanswered: one reminder 2 business days later, then the manager
    sweep_until(sweeper, clock, datetime(2027, 2, 12, 0, 0, tzinfo=timezone.utc))
    reminders_ = [p for p in dms(fake_slack, NEW) if kind_of(session, p)[0] == CHECKIN_REMINDER]
    assert len(reminders_) == 1
    assert sent_at(fake_slack, NEW, reminders_[0]).astimezone(TOKYO).replace(tzinfo=None) == datetime(2027, 2, 9, 10)
    late = [p for p in dms(fake_slack, MGR) if kind_of(session, p)[0] == CHECKIN_LATE]
    assert len(late) == 1 and "has not answered the day-60 check-in" in late[0]["text"]
    day60 = [p for p in dms(fake_slack, NEW) if kind_of(session, p) == (CHECKIN, {"day": 60, "role": "new_hire"})][0]
    _, response = answer_check_in(
        ob_slack,
        fake_slack,
        day60,
        NEW,
        {
            ids.RAMP_UP: "2",
            ids.CLARITY: "3",
            ids.WORKLOAD: "2",
            ids.SUPPORT: "4",
            ids.SHARE: "no",
            ids.BLOCKERS: "Still no GPU quota",
        },
    )
    assert response.body == ""
    assert "kept private" in fake_slack.posts_to(ONBOARD)[-1]["text"]
    flag = fake_slack.posts_to(MGR)[-1]["text"]
    assert "shows a risk" in flag and "GPU" not in flag  # private answers stay private
    channel_text = json.dumps(
        [p for p in fake_slack.called("chat.postMessage") + fake_slack.called("chat.update") if p["channel"] == ONBOARD]
    )
    assert "shows a risk" not in channel_text and "Still no GPU quota" not in channel_text

    # day 90 is a Sunday: it moves to Monday 8 March, 10:00 Tokyo
    sweep_until(sweeper, clock, datetime(2027, 3, 12, 0, 0, tzinfo=timezone.utc))
    [day90] = [p for p in dms(fake_slack, NEW) if kind_of(session, p) == (CHECKIN, {"day": 90, "role": "new_hire"})]
    assert sent_at(fake_slack, NEW, day90).astimezone(TOKYO).replace(tzinfo=None) == datetime(2027, 3, 8, 10)
    _, response = answer_check_in(
        ob_slack,
        fake_slack,
        day90,
        NEW,
        {ids.RAMP_UP: "4", ids.CLARITY: "5", ids.WORKLOAD: "5", ids.SUPPORT: "1", ids.SHARE: "yes"},
    )
    flag = fake_slack.posts_to(MGR)[-1]["text"]
    assert "support from manager and buddy is 1/5" in flag and "fell from 4 to 1" in flag
    # at day 90 the manager is prompted on growth, whatever the answers; not at day 30 or 60
    manager_checkins = {
        kind_of(session, p)[1]["day"]: json.dumps(p["blocks"], ensure_ascii=False)
        for p in dms(fake_slack, MGR)
        if kind_of(session, p)[0] == CHECKIN
    }
    assert "*Growth*" in manager_checkins[90] and "a senior or staff track" in manager_checkins[90]
    assert "learning budget" in manager_checkins[90] and "data engineers and product" in manager_checkins[90]
    assert "*Growth*" not in manager_checkins[30] + manager_checkins[60]

    # the manager's own check-in is stored and stays out of the channel
    before = len(fake_slack.posts_to(ONBOARD))
    _, response = answer_check_in(ob_slack, fake_slack, mgr30, MGR, {ids.PROGRESS: "3", ids.NOTES: "Slow data access"})
    assert response.body == "" and len(fake_slack.posts_to(ONBOARD)) == before
    assert session.scalar(select(CheckIn.scores).where(CheckIn.role == "manager")) == {"progress": 3}

    # overdue items reach their owners once a week, and only the ones still open
    from bot.flows.onboarding.schedule import OVERDUE

    buddy_weekly = [p for p in dms(fake_slack, BUDDY) if kind_of(session, p)[0] == OVERDUE]
    assert len(buddy_weekly) == 13
    ticked = item_block["text"]["text"].split(" ", 1)[1].split(",")[0]
    hire_weekly = [p for p in dms(fake_slack, NEW) if kind_of(session, p)[0] == OVERDUE]
    assert hire_weekly and all(ticked not in json.dumps(p["blocks"]) for p in hire_weekly)

    # exactly one check-in per day for each person, whatever the number of sweeps
    checkins = [kind_of(session, p)[1]["day"] for p in dms(fake_slack, NEW) if kind_of(session, p)[0] == CHECKIN]
    assert checkins == [30, 60, 90]
    assert [kind_of(session, p)[1]["day"] for p in dms(fake_slack, MGR) if kind_of(session, p)[0] == CHECKIN] == [
        30,
        60,
        90,
    ]
    assert len(dms(fake_slack, NEW)) == len({p["metadata"]["event_payload"]["nudge_id"] for p in dms(fake_slack, NEW)})


def test_status_and_list_are_for_the_people_involved(ob_slack, fake_slack, session):
    start(ob_slack, fake_slack)
    for user in (NEW, MGR, BUDDY, ADMIN):
        shown = ob_slack.command(ids.COMMAND, f"status <@{NEW}|new>", user=user).json()
        assert "0/10 done" in shown["text"], user
        assert f"<@{NEW}>" in json.dumps(ob_slack.command(ids.COMMAND, "list", user=user).json())
    refused = ob_slack.command(ids.COMMAND, f"status <@{NEW}>", user=OUTSIDER).json()
    assert "only show an onboarding" in refused["text"]
    assert "not part of any onboarding" in ob_slack.command(ids.COMMAND, "list", user=OUTSIDER).json()["text"]
    for text in ("status", "dance", "help"):
        assert "/ml-onboard list" in ob_slack.command(ids.COMMAND, text, user=OUTSIDER).json()["text"]
    for text in ("status bob", "status @bob"):  # a plain name: told how to mention the person
        assert "pick them from the list" in ob_slack.command(ids.COMMAND, text, user=OUTSIDER).json()["text"]


def test_check_ins_are_only_for_their_respondent(ob_slack, fake_slack, session):
    start(ob_slack, fake_slack)
    ob = session.scalars(select(Onboarding)).one()
    ref = ids.CheckInRef(onboarding_id=ob.id, day=30, role="new_hire").dump()
    ob_slack.click(
        user=MGR,
        action_id=ids.CHECKIN_OPEN,
        block_id="ob_checkin_actions",
        channel="D0MGR",
        message_ts="1.1",
        value=ref,
    )
    assert "for someone else" in fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]
    assert all(v["view"]["callback_id"] != ids.CHECKIN_CALLBACK for v in fake_slack.called("views.open"))


def test_a_start_in_the_past_gets_no_pile_of_weekly_reminders(session, settings, playbook, clock):
    from bot.flows.onboarding import service
    from bot.flows.onboarding.schedule import OVERDUE

    form = service.StartForm(
        new_hire=NEW,
        start_date=clock.now.date() - timedelta(days=20),
        manager=MGR,
        buddy=BUDDY,
        specialization="nlp",
        channel=ONBOARD,
    )
    ob = service.start(session, playbook, settings, form, created_by=MGR, now=clock.now)
    session.commit()
    weekly = session.scalars(select(Nudge).where(Nudge.subject_id == ob.id, Nudge.kind == OVERDUE)).all()
    assert len(weekly) == (13 - 2) * 3  # weeks 1 and 2 are already behind us
    assert all(n.due_at >= clock.now for n in weekly)


def test_app_home_counts_overdue_items_as_the_onboarding_report_does(
    ob_slack, fake_slack, session, onboarding_settings, playbook, clock
):
    """One definition of overdue: App Home's dashboard, the onboarding report and the weekly reminder all count
    a checklist item not done whose due date has passed."""
    from bot.flows.reports.onboarding import onboarding_report
    from bot.flows.settings.service import effective

    clock.now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    assert start(ob_slack, fake_slack).body == ""
    clock.now = datetime(2027, 1, 20, 12, 0, tzinfo=timezone.utc)  # weeks after the start: items are past due
    admins = effective(session, onboarding_settings).bot_admins  # the environment's, or the workspace's own
    lines = onboarding_report(session, playbook, ADMIN, admins, clock.now.date())
    reported = sum(sum(line.overdue.values()) for line in lines)
    assert reported > 0
    ob_slack.event({"type": "app_home_opened", "user": ADMIN, "channel": "D0X", "tab": "home", "event_ts": "1.1"})
    home = json.dumps(fake_slack.called("views.publish")[-1]["view"], ensure_ascii=False)
    assert f"{reported} onboarding items past due" in home and "Overdue: nothing" not in home


def test_a_ticked_item_leaves_every_overdue_list_that_showed_it_however_old(
    ob_slack, fake_slack, session, session_factory, onboarding_settings, playbook, clock
):
    """Weeks of overdue lists (more reminders about the onboarding than the latest twenty) all showed an item:
    ticked from the newest list, it leaves the oldest too, and no list offers *Done* for it any more."""
    from bot.flows.onboarding.schedule import OVERDUE

    clock.now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    assert start(ob_slack, fake_slack).body == ""
    ob = session.scalars(select(Onboarding)).one()
    sweeper = make_sweeper(session_factory, onboarding_settings, playbook)
    sweep_until(sweeper, clock, datetime(2027, 2, 3, tzinfo=timezone.utc), at_most=timedelta(days=1))
    about_it = session.scalar(
        select(func.count()).select_from(Nudge).where(Nudge.subject_id == ob.id, Nudge.status == "sent")
    )
    assert about_it > 20
    lists = [p for p in dms(fake_slack, NEW) if kind_of(session, p)[0] == OVERDUE]
    assert len(lists) >= 4

    def done_buttons(post) -> dict[str, str]:
        shown = fake_slack.message(
            fake_slack.dm_channel(NEW),
            next(ts for (c, ts), m in fake_slack.messages.items() if m.get("metadata") == post["metadata"]),
        )
        return {
            b["block_id"]: b["accessory"]["value"]
            for b in shown["blocks"]
            if (b.get("accessory") or {}).get("action_id") == ids.TICK
        }

    oldest, newest = done_buttons(lists[0]), done_buttons(lists[-1])
    [(block_id, value)] = [(b, v) for b, v in newest.items() if v in oldest.values()][:1]
    newest_ts = next(ts for (c, ts), m in fake_slack.messages.items() if m.get("metadata") == lists[-1]["metadata"])
    ob_slack.click(
        user=NEW,
        action_id=ids.TICK,
        block_id=block_id,
        channel=fake_slack.dm_channel(NEW),
        message_ts=newest_ts,
        value=value,
        message=fake_slack.message(fake_slack.dm_channel(NEW), newest_ts),
    )
    item = session.get(OnboardingItem, ids.ItemRef.parse(value).item_id)
    session.refresh(item)
    assert item.done_at is not None
    assert all(value not in done_buttons(post).values() for post in lists)  # the oldest list included

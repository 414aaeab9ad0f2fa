"""End to end: the weekly digest through the reminder engine: once a week however many clocks run, the next
business day after a holiday, nothing when there is nothing to say, names only in hiring managers' DMs."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.flows.reports.digest import DIGEST, OVERDUE
from bot.flows.requisition.jobdesc import role_title
from bot.models import Nudge, Requisition
from bot.runtime import build_worker
from bot.slack import build_client
from bot.worker.engine import Worker
from tests.support.reports import HM, OTHER_HM, STEADY, pipeline_org
from tests.support.workspace import HIRING_CHANNEL

MONDAY_0930 = datetime(2026, 11, 30, 9, 30, tzinfo=timezone.utc)  # settings: DEFAULT_TIMEZONE UTC


def sweeper(session_factory, settings, playbook) -> Worker:
    return build_worker(session_factory, build_client(settings, background=True), settings, playbook)


def digests(fake_slack, channel=HIRING_CHANNEL) -> list[dict]:
    return [p for p in fake_slack.posts_to(channel) if "Hiring" in (p.get("text") or "")]


def test_two_clocks_at_once_send_one_digest_and_each_hm_their_names(
    session, session_factory, settings, playbook, fake_slack
):
    pipeline_org(session, MONDAY_0930 - timedelta(days=1))
    sweeper(session_factory, settings, playbook).run(MONDAY_0930 - timedelta(days=2))  # schedules the week's row
    assert [n.kind for n in session.scalars(select(Nudge))] == [DIGEST]
    assert digests(fake_slack) == []

    clocks = [sweeper(session_factory, settings, playbook) for _ in range(2)]
    start = threading.Barrier(2)

    def tick(s: Worker) -> None:
        start.wait()
        s.run(MONDAY_0930)

    threads = [threading.Thread(target=tick, args=(s,)) for s in clocks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in clocks:  # and again a little later: still once
        s.run(MONDAY_0930 + timedelta(minutes=5))

    [digest] = digests(fake_slack)
    body = str(digest["blocks"])
    assert "week of 30 Nov 2026" in body
    assert "*1* candidate waiting to be scheduled" in body
    assert "*1* scorecard overdue" in body and "*1* debrief awaiting a decision" in body
    assert "*1* offer out" in body and "*1* requisition late against their timeline" in body
    assert "Candidate" not in body and STEADY not in body  # no names in the channel
    late = next(r for r in session.scalars(select(Requisition)) if f"#{r.number} " in body)
    named = role_title(playbook, late.specialization, late.level)  # as its post and every report name it
    assert f"#{late.number} {named}:" in body
    [private] = [p for p in fake_slack.posts_to(HM) if "scorecard" in (p.get("text") or "")]
    assert "Candidate 3" in str(private["blocks"]) and f"<@{STEADY}>" in str(private["blocks"])
    assert [p for p in fake_slack.posts_to(OTHER_HM) if "scorecard" in (p.get("text") or "")] == []
    sent = session.scalars(select(Nudge).where(Nudge.kind.in_([DIGEST, OVERDUE]), Nudge.status == "sent")).all()
    assert sorted(n.kind for n in sent) == [DIGEST, OVERDUE]
    # the next week's row is already waiting, for next Monday
    sweeper(session_factory, settings, playbook).run(MONDAY_0930 + timedelta(days=1))
    upcoming = session.scalars(select(Nudge).where(Nudge.kind == DIGEST, Nudge.status == "pending")).one()
    assert upcoming.due_at == MONDAY_0930 + timedelta(days=7)


def test_a_holiday_monday_moves_the_digest_to_tuesday(session, session_factory, settings, playbook, fake_slack):
    us = replace(settings, holiday_country="US", default_timezone="America/New_York")
    holiday = datetime(2027, 1, 18, 14, 30, tzinfo=timezone.utc)  # 09:30 in New York on Martin Luther King Jr. Day
    pipeline_org(session, holiday - timedelta(days=1))
    clock = sweeper(session_factory, us, playbook)
    clock.run(holiday - timedelta(days=3))
    clock.run(holiday)
    clock.run(holiday + timedelta(hours=6))
    assert digests(fake_slack) == []
    clock.run(holiday + timedelta(days=1))
    [digest] = digests(fake_slack)
    assert "week of 18 Jan 2027" in str(digest["blocks"])


def test_a_quiet_week_sends_nothing(session, session_factory, settings, playbook, fake_slack):
    clock = sweeper(session_factory, settings, playbook)
    clock.run(MONDAY_0930 - timedelta(days=1))
    clock.run(MONDAY_0930)
    assert digests(fake_slack) == []
    row = session.scalars(select(Nudge).where(Nudge.kind == DIGEST)).first()
    assert row.status == "cancelled"


def test_no_hiring_channel_no_digest(session, session_factory, settings, playbook, fake_slack):
    pipeline_org(session, MONDAY_0930)
    clock = sweeper(session_factory, replace(settings, hiring_channel=None), playbook)
    clock.run(MONDAY_0930)
    assert session.scalars(select(Nudge).where(Nudge.kind == DIGEST)).all() == []

"""Slack retries an event it thinks was not acknowledged (X-Slack-Retry-Num, the same event_id), and on
`http_timeout` the retry can arrive while the first delivery is still being handled, at another process.
Each event_id is handled once, however many deliveries and processes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from bot.flows import events
from bot.models import ReceivedEvent
from bot.worker.retention import EVENT_DAYS, forget_old
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.offers import GRACE, accepted, grace
from tests.support.workspace import build_slack

DM = {"type": "message", "channel_type": "im", "channel": "D0HM", "user": "U0HM", "text": "hi", "ts": "1.2"}
HOME = {"type": "app_home_opened", "user": "U0HM", "channel": "D0HM", "tab": "home", "event_ts": "1.1"}


def answers(fake_slack) -> list[dict]:
    return [p for p in fake_slack.called("chat.postMessage") if p.get("channel") == "D0HM"]


def test_a_direct_message_delivered_three_times_is_answered_once(slack, fake_slack, session):
    for retry in (None, 1, 2):
        assert slack.event(DM, event_id="Ev0DM00001", retry=retry).status == 200
    assert len(answers(fake_slack)) == 1
    assert session.scalar(select(func.count()).select_from(ReceivedEvent)) == 1
    slack.event(DM | {"text": "and again", "ts": "1.3"}, event_id="Ev0DM00002")  # a new message: a new answer
    assert len(answers(fake_slack)) == 2


def test_a_retried_home_open_publishes_once(slack, fake_slack):
    for retry in (None, 1, 2, 3):
        slack.event(HOME, event_id="Ev0HOME001", retry=retry)
    assert len(fake_slack.called("views.publish")) == 1


def test_a_retried_team_join_is_taken_once(slack, fake_slack, session, people, caplog):
    _, prepared = accepted(slack, fake_slack, session)
    grace(fake_slack)
    joined = {"type": "team_join", "user": fake_slack.person(GRACE), "event_ts": "1764000000.5"}
    with caplog.at_level("INFO", logger="bot.requests"):
        for retry in (None, 1, 2):
            slack.event(joined, event_id="Ev0JOIN001", retry=retry)
    session.refresh(prepared)
    assert (prepared.status, prepared.new_hire_id) == ("joined", GRACE)
    outcomes = [r.outcome for r in caplog.records if getattr(r, "listener", None) == "on_team_join"]
    assert outcomes == ["ok", "repeat", "repeat"]


def test_two_processes_given_the_same_event_at_once_answer_it_once(
    settings, engine, clock, playbook, fake_slack, session
):
    fake_slack.delays["chat.postMessage"] = 0.2  # the first delivery is still being answered
    apps = [build_slack(settings, engine, clock, playbook, fake_slack) for _ in range(2)]
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            deliveries = [
                pool.submit(sim.event, DM, event_id="Ev0TWICE01", retry=n) for n, (sim, _, _) in enumerate(apps * 2)
            ]
            assert [d.result().status for d in deliveries] == [200, 200, 200, 200]
        for _, _, executor in apps:
            executor.drain()
    finally:
        for _, server, executor in apps:
            server.shutdown()
            server.server_close()
            executor.shutdown(wait=True)
    assert len(answers(fake_slack)) == 1


def test_taken_event_ids_are_forgotten_after_a_week(session, session_factory, clock):
    body = {"event_id": "Ev0OLD0001", "event": {"type": "message"}}
    assert events.claim(session, body, clock.now - timedelta(days=EVENT_DAYS, minutes=1))
    assert events.claim(session, body | {"event_id": "Ev0NEW0001"}, clock.now)
    session.commit()
    forget_old(session_factory, clock.now, retention_days=400)
    assert list(session.scalars(select(ReceivedEvent.event_id))) == ["Ev0NEW0001"]
    assert not events.claim(session, body | {"event_id": "Ev0NEW0001"}, clock.now)  # still taken
    session.rollback()

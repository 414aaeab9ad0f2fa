"""A burst of events never delays the acknowledgement of commands: event work runs on its own pool,
repeated App Home opens by one person coalesce, and Bolt's listener pool is sized from the settings."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from bot.app import create_app
from bot.flows.requisition import ids
from bot.requests.background import Coalescer
from devtools.harness import SlackClientSimulator, TrackingExecutor
from tests.support.workspace import build_slack


def serve(settings, engine, clock, playbook, fake_slack, *, listener_threads: int, event_threads: int):
    executor = TrackingExecutor(listener_threads, event_workers=event_threads)
    return build_slack(settings, engine, clock, playbook, fake_slack, executor=executor)


def home_opened(slack: SlackClientSimulator, user: str, n: int):
    return slack.post(
        slack.event_body(
            {"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home", "event_ts": f"1.{n}"},
            event_id=f"Ev{user}{n}",
        ),
        "application/json",
        drain=False,
    )


def at_once(calls) -> list:
    """Every call, from 8 client threads at a time; a call that raises fails the test with its error."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_commands_are_acknowledged_while_app_home_opens_wait_on_slack(settings, engine, clock, playbook, fake_slack):
    # 40 opens × 0.3 s of views.publish on a 2-thread listener pool would hold it for 6 s: well past
    # Slack's 3 seconds for the command behind them, had the publishes run on that pool.
    fake_slack.delays["views.publish"] = 0.3
    slack, server, executor = serve(settings, engine, clock, playbook, fake_slack, listener_threads=2, event_threads=4)
    try:
        opens = at_once([lambda n=n: home_opened(slack, f"U0BURST{n:02d}", n) for n in range(40)])
        body = slack.command_body(ids.COMMAND, "list", user="U0HM")
        answer = slack.post(body, "application/x-www-form-urlencoded", drain=False)
        executor.drain()
    finally:
        server.shutdown()
        server.server_close()
        executor.shutdown(wait=True)
    assert {r.status for r in opens} == {200}
    assert answer.status == 200 and answer.json()["response_type"] == "ephemeral"
    published = {p["user_id"] for p in fake_slack.called("views.publish")}
    assert published == {f"U0BURST{n:02d}" for n in range(40)}  # every Home tab still published
    assert fake_slack.most_at_once["views.publish"] <= 4  # the event pool's bound


def test_repeated_opens_by_one_person_coalesce(settings, engine, clock, playbook, fake_slack):
    gate = fake_slack.gates["views.publish"] = threading.Event()  # the first publish waits on Slack
    slack, server, executor = serve(settings, engine, clock, playbook, fake_slack, listener_threads=4, event_threads=2)
    try:
        home_opened(slack, "U0HM", 0)
        fake_slack.wait_in_flight("views.publish")  # the first publish is out, waiting on Slack
        at_once([lambda n=n: home_opened(slack, "U0HM", n) for n in range(1, 10)])
        executor.drain(events=False)  # the other nine handed on meanwhile
        gate.set()
        executor.drain()
        at_once([lambda n=n: home_opened(slack, "U0ALICE", n) for n in range(1)])
        executor.drain()
    finally:
        server.shutdown()
        server.server_close()
        executor.shutdown(wait=True)
    mine = [p for p in fake_slack.called("views.publish") if p["user_id"] == "U0HM"]
    assert len(mine) == 2  # ten opens: the one that was running, and one more for the latest state
    assert len([p for p in fake_slack.called("views.publish") if p["user_id"] == "U0ALICE"]) == 1


def test_the_coalescer_runs_the_latest_work_once_more_after_a_running_one():
    from concurrent.futures import ThreadPoolExecutor

    started, release, done, ran = threading.Event(), threading.Event(), threading.Event(), []

    def first():
        started.set()
        release.wait(5)
        ran.append("first")

    with ThreadPoolExecutor(max_workers=2) as pool:
        background = Coalescer(pool)
        assert background.submit(("home", "U1"), first)
        started.wait(5)
        assert background.submit(("home", "U1"), lambda: ran.append("second"))  # queued behind the running one
        assert not background.submit(("home", "U1"), lambda: (ran.append("third"), done.set()))  # covered
        release.set()
        assert done.wait(5)
    assert ran == ["first", "third"]  # the newest work is what runs again, once


def test_the_listener_pool_is_sized_from_the_settings(settings, session_factory, playbook):
    app = create_app(replace(settings, web_threads=7), session_factory=session_factory, playbook=playbook)
    assert app.listener_runner.listener_executor._max_workers == 7

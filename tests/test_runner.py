"""The request runner: every listener goes through it, every session it opens is closed, commits happen
before the acknowledgement, and a Slack failure after the commit never undoes the change."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import create_app
from bot.db import make_session_factory
from bot.flows.requisition import ids
from bot.models import Requisition
from tests.support.requisitions import INTAKE, open_intake


def test_every_registered_listener_goes_through_the_runner(settings, playbook, session_factory):
    app = create_app(settings, session_factory=session_factory, playbook=playbook)
    listeners = app._listeners
    assert len(listeners) >= 25
    unwrapped = [getattr(lst, "ack_function", None) for lst in listeners]
    assert all(getattr(fn, "through_runner", False) for fn in unwrapped), [
        fn.__name__ for fn in unwrapped if not getattr(fn, "through_runner", False)
    ]


def test_every_session_a_request_opens_is_closed(settings, engine, clock, playbook, fake_slack):

    opened, closed = [], []
    factory = make_session_factory(engine)

    def tracking():
        session = factory()
        opened.append(session)
        real_close = session.close

        def close():
            closed.append(session)
            real_close()

        session.close = close
        return session

    from bot.requests.web import create_wsgi
    from devtools.harness import SlackClientSimulator, TrackingExecutor, serve_wsgi
    from tests.support.workspace import SIGNING_SECRET

    executor = TrackingExecutor()
    app = create_app(
        settings,
        session_factory=tracking,
        playbook=playbook,
        clock=clock,
        listener_executor=executor,
        event_executor=executor.events,  # drained with the listeners: no event's session is still open
    )
    base, server = serve_wsgi(create_wsgi(app, engine, signing_secret=SIGNING_SECRET))
    slack = SlackClientSimulator(base, SIGNING_SECRET, fake_slack.url, executor)
    try:
        view = open_intake(slack, fake_slack)
        slack.submit(view, INTAKE | {ids.HEADCOUNT: "zero"}, user="U0HM")  # refused inline
        slack.submit(view, INTAKE, user="U0HM")
        slack.command(ids.COMMAND, "list", user="U0HM")
        slack.event(
            {
                "type": "message",
                "channel_type": "im",
                "channel": "D0HM",
                "user": "U0HM",
                "text": "hi",
                "ts": "1.2",
                "event_ts": "1.2",
            }
        )
        slack.event(
            {"type": "app_home_opened", "user": "U0HM", "channel": "D0X", "tab": "home", "event_ts": "1.1"},
            event_id="Ev9",
        )
        slack.post(
            "payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%5D%7D",
            "application/x-www-form-urlencoded",
        )  # a request no listener takes
    finally:
        server.shutdown()
        server.server_close()
        executor.shutdown(wait=True)
    assert len(opened) >= 5 and len(closed) == len(opened)


def test_a_dropped_connection_while_announcing_keeps_the_recorded_post(slack, fake_slack, session):
    fake_slack.disconnect_next("chat.getPermalink", times=3)  # the client retries twice, then gives up
    assert slack.submit(open_intake(slack, fake_slack), INTAKE, user="U0HM").body == ""
    req = session.scalars(select(Requisition)).one()
    assert req.post_ts and req.approval_ts  # recorded after the commit, in the second transaction
    assert fake_slack.called("chat.getPermalink:failed")
    assert not any("went wrong" in (p.get("text") or "") for p in fake_slack.posts_to("U0HM"))


def test_a_slow_users_info_never_costs_a_form_its_acknowledgement(slack, fake_slack, session):
    """Slack holds users.info for 5 s: the intake is still acknowledged in time (Bolt answers 404 "unhandled
    request" past 3 s) and stored, and the approver is checked after the commit instead."""
    fake_slack.delays["users.info"] = 5
    response = slack.submit(open_intake(slack, fake_slack), INTAKE, user="U0HM")
    assert response.status == 200 and response.body == ""
    assert session.scalars(select(Requisition)).one().approver_id == "U0APPROVER"
    assert len(fake_slack.called("users.info")) == 2  # once within the budget (timed out), once after the commit


def test_a_picked_person_found_inactive_after_the_commit_is_reported(slack, fake_slack, session):
    fake_slack.users["U0APPROVER"]["deleted"] = True
    fake_slack.disconnect_next("users.info", times=1)  # no answer before the acknowledgement
    assert slack.submit(open_intake(slack, fake_slack), INTAKE, user="U0HM").body == ""
    warnings = [p["text"] for p in fake_slack.posts_to("U0HM") if ":warning:" in (p.get("text") or "")]
    assert warnings and "<@U0APPROVER>, picked as the approver: That account is not an active member" in warnings[0]

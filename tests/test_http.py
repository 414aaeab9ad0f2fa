"""The HTTP surface: signature checks, /healthz, unknown paths."""

from __future__ import annotations

import time

from bot.db import make_engine
from bot.flows.requisition import ids
from bot.requests.web import create_wsgi
from devtools.harness import SlackClientSimulator, serve_wsgi


def test_a_bad_signature_is_refused_and_does_nothing(slack, fake_slack):
    body = slack.command_body(ids.COMMAND, "", user="U0HM")
    response = slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
    assert response.status == 401
    assert fake_slack.called("views.open") == []


def test_a_ten_minute_old_request_is_refused(slack, fake_slack):
    body = slack.command_body(ids.COMMAND, "", user="U0HM")
    response = slack.post(body, "application/x-www-form-urlencoded", timestamp=int(time.time()) - 600)
    assert response.status == 401
    assert fake_slack.called("views.open") == []


def test_a_signed_request_goes_through(slack, fake_slack):
    assert slack.command(ids.COMMAND, "help", user="U0HM").status == 200


def test_healthz_answers_200_when_the_database_is_reachable(slack):
    response = slack.get("/healthz")
    assert response.status == 200
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert set(body["clock"]) == {"last_sweep", "seconds_ago", "by", "stale", "stale_after_minutes"}


def test_healthz_answers_503_when_the_database_is_not(tmp_path, settings, playbook, clock):
    from bot.app import create_app

    engine = make_engine(f"sqlite:///{tmp_path}/no/such/dir/x.db")
    app = create_app(settings, playbook=playbook, clock=clock, session_factory=None)
    base, server = serve_wsgi(create_wsgi(app, engine, signing_secret=settings.slack_signing_secret))
    try:
        response = SlackClientSimulator(base, "", "", None).get("/healthz")  # type: ignore[arg-type]
        assert response.status == 503 and response.json()["database"] == "unreachable"
    finally:
        server.shutdown()
        server.server_close()


def test_unknown_paths_are_404(slack):
    assert slack.get("/nope").status == 404


def test_a_direct_message_gets_the_usage_and_the_bots_own_messages_nothing(slack, fake_slack):
    response = slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "D0HM",
            "user": "U0HM",
            "text": "hello <!channel>",
            "ts": "1764000000.2",
            "event_ts": "1764000000.2",
        }
    )
    assert response.status == 200
    [answer] = fake_slack.called("chat.postMessage")
    assert answer["channel"] == "D0HM" and "/ml-req" in answer["text"] and "/ml-onboard" in answer["text"]
    assert "hello" not in answer["text"]  # never an echo
    for own in ({"bot_id": "B111", "user": "U0BOT"}, {"subtype": "message_changed", "user": "U0HM"}):
        slack.event(
            {
                "type": "message",
                "channel_type": "im",
                "channel": "D0HM",
                "text": "x",
                "ts": "1764000000.3",
                "event_ts": "1764000000.3",
            }
            | own
        )
    assert len(fake_slack.called("chat.postMessage")) == 1


def test_healthz_answers_503_when_the_schema_is_behind(slack, engine, database_url):
    from bot.migrate import downgrade, upgrade

    downgrade(database_url, "0005")
    try:
        response = slack.get("/healthz")
        assert response.status == 503
        assert response.json()["schema"] == "behind" and response.json()["at"] == "0005"
    finally:
        upgrade(database_url)
    assert slack.get("/healthz").status == 200


def test_socket_mode_needs_no_signing_secret_but_http_does(settings, playbook, session_factory):
    from dataclasses import replace

    import pytest

    from bot.app import create_app
    from bot.config import ConfigError

    no_secret = replace(settings, slack_signing_secret="")
    app = create_app(no_secret, session_factory=session_factory, playbook=playbook, socket_mode=True)
    assert app.client.base_url == settings.slack_api_url
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        create_app(no_secret, session_factory=session_factory, playbook=playbook)

"""Real Slack request bodies (tests/fixtures/slack/) delivered signed to the served app: a standard
workspace's, a Grid workspace's, an org-wide install's and Slack Connect's. None gets 400, 401 or a 5xx,
and each the app handles is handled as its file's `expect` says."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.handlers.fallback import STALE
from devtools import shapes
from devtools.shapes import Shape

CORPUS = Path(__file__).parent / "fixtures" / "slack"
CASES = sorted(CORPUS.glob("*.json"))
HOOKS = "https://hooks.slack.com/"
FORM = "application/x-www-form-urlencoded"
REQUESTS = {  # every kind of request the app listens to, and the ones Slack sends it anyway
    "slash command",
    "block_actions on a message",
    "block_actions in an open modal",
    "block_actions on the Home tab",
    "view_submission",
    "view_closed",
    "app_home_opened",
    "message.im",
    "message.im, an edit",
    "message.im, the bot's own message",
    "team_join",
    "url_verification",
    "ssl_check",
}


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def delivery(case: dict, hooks: str) -> tuple[str, str]:
    """The raw body Slack would POST and its content type; Slack's response_url host is the double's."""
    if "raw" in case:
        return case["raw"].replace(quote(HOOKS, safe=""), quote(hooks, safe="")), case["content_type"]
    if "payload" in case:
        payload = json.dumps(case["payload"]).replace(HOOKS, hooks)
        return urlencode({"payload": payload}), FORM
    return json.dumps(case["body"]), "application/json"


def test_the_corpus_names_its_sources_and_covers_every_shape_and_request():
    cases = [load(p) for p in CASES]
    assert all(c["source"] and c["changed"] and c["expect"] for c in cases)
    assert {c["shape"] for c in cases} == {"standard", "grid", "grid_org", "connect"}
    requests = " | ".join(c["request"] for c in cases)
    assert not [r for r in REQUESTS if r not in requests], "a kind of request has no real body"
    standard = [c for c in cases if c["shape"] == "standard" and "payload" in c]
    assert any(c["payload"].get("enterprise", "absent") is None for c in standard)  # what most installs send
    assert any(c["payload"].get("team", "absent") is None for c in cases if "payload" in c)  # org-wide installs


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_real_body_is_taken_and_handled(path, slack, fake_slack):
    case = load(path)
    fake_slack.users.update({u: {"id": u, "tz": None} for u in ("U043H11ES4V", "W111", "U111", "U123", "W222")})
    body, content_type = delivery(case, slack.hooks)
    response = slack.post(body, content_type)
    assert response.status == 200, f"{path.name}: Slack's request refused with {response.status}"
    event = (case.get("body") or {}).get("event") or {}
    posts = [p for p in fake_slack.called("chat.postMessage")]
    hooks = [c.params for c in fake_slack.calls if c.method.startswith("hooks/")]
    expect = case["expect"]
    if expect == "dm_answer":
        [answer] = posts
        assert answer["channel"] == event["channel"] and "/ml-req" in answer["text"]
    elif expect == "home_published":
        [home] = fake_slack.called("views.publish")
        assert home["user_id"] == event["user"] and home["view"]["type"] == "home"
    elif expect == "silent":
        assert posts == [] and fake_slack.called("views.publish") == [] and response.body == ""
    elif expect == "challenge":
        assert case["body"]["challenge"] in response.body
    elif expect == "command_usage":
        command = next(v for k, v in (f.split("=", 1) for f in case["raw"].split("&")) if k == "command")
        assert "/ml-" in response.json()["text"] and response.json()["response_type"] == "ephemeral"
        assert command.replace("%2F", "/") in response.json()["text"]
    elif expect == "command_unknown":
        assert "not one of this bot's commands" in response.json()["text"]
    elif expect == "stale_button":
        assert hooks and STALE in hooks[-1]["text"] and posts == []
    elif expect == "stale_button_dm":
        [told] = posts
        assert told["channel"] == case["payload"]["user"]["id"] and STALE in told["text"]
    elif expect == "stale_form":
        answer = response.json()
        assert answer["response_action"] in ("errors", "update") and STALE in json.dumps(answer)
    elif expect == "empty_200":
        assert response.body == "" and posts == []
    elif expect == "no_options":
        assert response.json() == {"options": []}
    else:
        raise AssertionError(f"{path.name}: unknown expectation {expect!r}")


ROUTING = {"type", "actions", "event", "view", "action_id", "callback_id"}  # what Slack always sends to route


def paths(value, prefix=()) -> list[tuple]:
    """Every key path of nested objects (lists left whole), except those Slack routes a request by."""
    out = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ROUTING and len(prefix) <= 1:
                if isinstance(inner, dict):
                    out += paths(inner, (*prefix, key))
                continue
            out.append((*prefix, key))
            out += paths(inner, (*prefix, key))
    return out


def without(body: dict, path: tuple, null: bool) -> dict:
    copy = json.loads(json.dumps(body))
    *parents, last = path
    target = copy
    for key in parents:
        target = target[key]
    if null:
        target[last] = None
    else:
        del target[last]
    return copy


BODIES = [(p.stem, c) for p in CASES if "raw" not in (c := load(p))]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_field_may_be_null_or_absent(data, slack, fake_slack, caplog):
    """Slack may send any field as null or leave it out; a signed request is never refused for that, and
    nothing in the app fails on it (no unhandled error logged)."""
    name, case = data.draw(st.sampled_from(BODIES), label="body")
    key = "payload" if "payload" in case else "body"
    body = case[key]
    for path in data.draw(st.lists(st.sampled_from(paths(body)), min_size=1, max_size=4, unique=True), label="paths"):
        try:
            body = without(body, path, null=data.draw(st.booleans(), label=f"{'.'.join(path)} null"))
        except (KeyError, TypeError):
            continue  # a parent was already removed
    raw, content_type = delivery({**case, key: body}, slack.hooks)
    caplog.clear()
    with caplog.at_level("ERROR"):
        assert slack.post(raw, content_type).status == 200, name
    assert not [r for r in caplog.records if r.levelname == "ERROR"], name


COMMANDS = [(c, t) for c in ("/ml-req", "/ml-candidate", "/ml-onboard", "/ml-report") for t in ("", "help", "list")]
EVENTS = [
    {"type": "message", "channel_type": "im", "channel": "D0HM", "user": "U0HM", "text": "hi", "ts": "1.2"},
    {"type": "app_home_opened", "user": "U0HM", "channel": "D0HM", "tab": "home", "event_ts": "1.1"},
    {"type": "team_join", "user": {"id": "U0NEWBIE", "profile": {"email": "new@example.org"}}, "event_ts": "1.3"},
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_bots_own_commands_and_events_take_any_field_left_out(data, slack, fake_slack, caplog):
    """The commands and events the bot acts on, in every shape, with fields left out or null: answered, never
    refused or failing."""
    shape = data.draw(st.sampled_from(list(Shape)), label="shape")
    if data.draw(st.booleans(), label="command"):
        command, text = data.draw(st.sampled_from(COMMANDS), label="command")
        fields = shapes.command(
            shape, command=command, text=text, user="U0HM", channel="C0GENERAL", trigger_id="1.2.t", response_url=""
        )
        fields["response_url"] = slack.hooks + "commands/T111/1/x"
        gone = data.draw(st.lists(st.sampled_from(sorted(set(fields) - {"command"})), max_size=4), label="left out")
        raw, content_type = urlencode({k: v for k, v in fields.items() if k not in gone}), FORM
    else:
        event = data.draw(st.sampled_from(EVENTS), label="event")
        body = shapes.event_callback(shape, event, event_id=f"Ev{data.draw(st.integers(0, 10**9))}")
        for path in data.draw(st.lists(st.sampled_from(paths(body)), max_size=4, unique=True), label="paths"):
            try:
                body = without(body, path, null=data.draw(st.booleans(), label=f"{'.'.join(path)} null"))
            except (KeyError, TypeError):
                continue
        raw, content_type = json.dumps(body), "application/json"
    caplog.clear()
    with caplog.at_level("ERROR"):
        assert slack.post(raw, content_type).status == 200
    assert not [r for r in caplog.records if r.levelname == "ERROR"]

"""The Slack double holds the bot to Slack's published Web API contract and answers as richly as Slack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools import contract
from devtools.shapes import Shape
from devtools.slack_double import TOKEN, FakeSlack

SPEC = Path(__file__).resolve().parents[2] / "shared" / "slack" / "web-api" / "slack_web_openapi_v2.json"
AUTH = f"Bearer {TOKEN}"


def test_calls_outside_the_contract_are_named():
    assert contract.problems("chat.postMessage", {"channel": "C1", "text": "hi"}) == []
    assert contract.problems("chat.postMessage", {"text": "hi"}) == [
        "chat.postMessage: missing required parameter 'channel'"
    ]
    assert contract.problems("chat.postMessage", {"channel": "C1", "colour": "red"}) == [
        "chat.postMessage: unknown parameter 'colour'"
    ]
    assert contract.problems("chat.sendCarrierPigeon", {}) == ["chat.sendCarrierPigeon: no such Web API method"]
    assert contract.problems("views.open", {"view": {"type": "modal"}}) == [
        "views.open: missing required parameter 'trigger_id'"
    ]


def test_what_slack_added_after_the_spec_is_allowed_and_nothing_else():
    assert contract.problems("chat.postMessage", {"channel": "C1", "metadata": {"event_type": "x"}}) == []
    assert contract.problems("conversations.history", {"channel": "D1", "include_all_metadata": True}) == []
    assert contract.problems("files.getUploadURLExternal", {"filename": "a.csv", "length": 3}) == []
    assert contract.problems("files.completeUploadExternal", {"channel_id": "D1"}) == [
        "files.completeUploadExternal: missing required parameter 'files'"
    ]
    assert contract.problems("users.info", {"user": "U1", "team_id": "T1"}) == []  # team_id: every method
    assert contract.problems("users.info", {"user": "U1", "metadata": {}}) == [
        "users.info: unknown parameter 'metadata'"
    ]


@pytest.mark.skipif(not SPEC.exists(), reason="Slack's OpenAPI spec is not beside this checkout")
def test_the_committed_contract_is_slacks_spec():
    assert contract.extract(json.loads(SPEC.read_text())) == json.loads(contract.CONTRACT.read_text())


def test_the_double_refuses_an_out_of_contract_call_like_slack_and_records_it():
    fake = FakeSlack()
    assert fake.handle("chat.postMessage", {"text": "no channel"}, AUTH) == {"ok": False, "error": "invalid_arguments"}
    assert fake.handle("chat.sendCarrierPigeon", {}, AUTH)["error"] == "unknown_method"
    assert fake.violations == [
        "chat.postMessage: missing required parameter 'channel'",
        "chat.sendCarrierPigeon: no such Web API method",
    ]


@pytest.mark.parametrize("shape", list(Shape))
def test_answers_carry_what_slacks_carry(shape):
    fake = FakeSlack(shape=shape)
    fake.users["U0ANA"] = {"id": "U0ANA", "tz": "America/Sao_Paulo"}
    user = fake.handle("users.info", {"user": "U0ANA"}, AUTH)["user"]
    for field in ("id", "team_id", "name", "real_name", "tz", "tz_label", "tz_offset", "profile", "is_bot"):
        assert field in user
    assert (user["deleted"], user["is_restricted"], user["is_ultra_restricted"]) == (False, False, False)
    assert user["tz_offset"] == -3 * 3600 and user["profile"]["display_name"]
    posted = fake.handle("chat.postMessage", {"channel": "C0HIRING", "text": "hi"}, AUTH)
    assert posted["channel"] == "C0HIRING" and posted["ts"]
    message = posted["message"]
    assert (message["type"], message["text"], message["ts"]) == ("message", "hi", posted["ts"])
    assert message["bot_id"] and message["app_id"] and message["bot_profile"]["name"]
    auth = fake.handle("auth.test", {}, AUTH)
    assert auth["is_enterprise_install"] is (shape is Shape.GRID_ORG)
    assert ("enterprise_id" in auth) is (shape is Shape.GRID_ORG)

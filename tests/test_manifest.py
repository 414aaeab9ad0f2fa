"""manifest.yml (and its Socket Mode variant) create the app the code expects."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.support.paths import ROOT

SCHEMA = json.loads((Path(__file__).resolve().parent / "fixtures" / "manifest.schema.1.0.0.json").read_text())
COMMANDS = {"/ml-req", "/ml-candidate", "/ml-onboard", "/ml-report"}


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


@pytest.mark.parametrize("name", ["manifest.yml", "manifest.socket.yml", "manifest.oauth.yml"])
def test_manifest_is_valid_and_complete(name):
    manifest = load(name)
    jsonschema.validate(manifest, SCHEMA)
    assert {c["command"] for c in manifest["features"]["slash_commands"]} == COMMANDS
    events = {"app_home_opened", "message.im", "team_join"}  # team_join: a hired person's account arrives
    if name != "manifest.socket.yml":  # installed through OAuth: leaving stops the workspace's reminders
        events |= {"app_uninstalled", "tokens_revoked"}
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == events
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    scopes = {"commands", "chat:write", "im:write", "im:history", "users:read", "users:read.email", "files:write"}
    scopes |= {"channels:read", "groups:read"}  # conversations.info: is the bot in the channel Settings names
    assert scopes <= set(manifest["oauth_config"]["scopes"]["bot"])


@pytest.mark.parametrize("name", ["manifest.yml", "manifest.socket.yml", "manifest.oauth.yml"])
def test_commands_that_take_a_person_are_escaped_and_no_scope_is_spare(name):
    manifest = load(name)
    escaped = {c["command"] for c in manifest["features"]["slash_commands"] if c.get("should_escape")}
    assert escaped == {"/ml-onboard"}  # `status @person` arrives as <@U…>
    assert "chat:write.public" not in manifest["oauth_config"]["scopes"]["bot"]


def test_http_manifest_points_every_url_at_slack_events():
    manifest = load("manifest.yml")
    urls = [c["url"] for c in manifest["features"]["slash_commands"]]
    urls += [
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ]
    assert all(u.endswith("/slack/events") for u in urls)
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_socket_manifest_has_no_urls():
    manifest = load("manifest.socket.yml")
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "url" not in json.dumps(manifest["features"]["slash_commands"])
    assert "request_url" not in manifest["settings"]["event_subscriptions"]


def test_the_oauth_manifest_installs_anywhere_and_the_others_keep_one_token():
    from bot.installs import REDIRECT_PATH, SCOPES

    oauth = load("manifest.oauth.yml")
    assert oauth["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]
    assert oauth["settings"]["token_rotation_enabled"] is True and oauth["settings"]["org_deploy_enabled"] is True
    assert tuple(oauth["oauth_config"]["scopes"]["bot"]) == SCOPES  # what /slack/install asks for
    http = load("manifest.yml")
    assert http["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]
    assert http["settings"]["token_rotation_enabled"] is False  # a token in .env must not expire
    assert load("manifest.socket.yml")["settings"]["token_rotation_enabled"] is False
    for name in ("manifest.yml", "manifest.socket.yml"):
        assert load(name)["oauth_config"]["scopes"] == oauth["oauth_config"]["scopes"]

"""What Slack sends depends on where the app is installed. The driver and the demo build every request from
one of three shapes (`payloads/<shape>/`), so the tests speak to Slack's variety, not to one picture of it:

- STANDARD: a workspace outside Enterprise Grid (most installs): `"enterprise": null`,
  `"is_enterprise_install": false`, a team with id and domain only. The default.
- GRID_ORG: an org-wide install on Enterprise Grid: `"team": null` in interactivity, an enterprise object,
  `"is_enterprise_install": true`; events with `enterprise_id` and an authorization without a team.
- CONNECT: a person of another organisation in a Slack Connect channel: their team, user.team_id and
  enterprise; modals carry `view.app_installed_team_id` of the installing workspace.

Only what a request needs is filled in (the person, the action, the view and its state, ids); every other
field goes to the app exactly as the shape's file has it.
"""

from __future__ import annotations

import copy
import json
from enum import Enum
from functools import cache
from pathlib import Path

PAYLOADS = Path(__file__).resolve().parent / "payloads"


class Shape(str, Enum):
    STANDARD = "standard"
    GRID_ORG = "grid_org"
    CONNECT = "connect"


@cache
def _template(shape: Shape, kind: str) -> dict:
    return json.loads((PAYLOADS / Shape(shape).value / f"{kind}.json").read_text())["body"]


def template(shape: Shape, kind: str) -> dict:
    """A fresh copy of the shape's body for `kind` (slash_command, block_actions, view_submission,
    event_callback)."""
    return copy.deepcopy(_template(shape, kind))


def person(shape: Shape, user: str) -> dict:
    """`user` as interactivity payloads name them, with the team the shape gives people."""
    team = _template(shape, "block_actions")["user"]["team_id"]
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team}


def team_of(shape: Shape) -> str:
    """The acting person's own workspace in this shape."""
    return _template(shape, "block_actions")["user"]["team_id"]


def installed_team(shape: Shape) -> str:
    """The workspace the app is installed in (where its token works)."""
    return _template(shape, "view_submission")["view"]["app_installed_team_id"]


def command(
    shape: Shape,
    *,
    command: str,
    text: str,
    user: str,
    channel: str,
    trigger_id: str,
    response_url: str,
    channel_name: str = "general",
) -> dict:
    """A slash command's form fields."""
    return template(shape, "slash_command") | {
        "command": command,
        "text": text,
        "user_id": user,
        "user_name": user.lower(),
        "channel_id": channel,
        "channel_name": channel_name,
        "trigger_id": trigger_id,
        "response_url": response_url,
    }


def with_view(shape: Shape, view: dict, state: dict | None = None) -> dict:
    """An opened view as Slack sends it back: the shape's view fields (team_id, app_installed_team_id, hash,
    app and bot ids) under what the app opened, with the person's `state`."""
    skeleton = _template(shape, "view_submission")["view"]
    out = copy.deepcopy(skeleton) | copy.deepcopy(view)
    out["team_id"], out["app_installed_team_id"] = skeleton["team_id"], skeleton["app_installed_team_id"]
    out.setdefault("root_view_id", out.get("id"))
    if state is not None:
        out["state"] = {"values": state}
    return out


def block_actions(
    shape: Shape,
    *,
    user: str,
    action: dict,
    trigger_id: str,
    channel: str | None = None,
    channel_name: str = "channel",
    message_ts: str | None = None,
    message: dict | None = None,
    ephemeral: bool = False,
    response_url: str | None = None,
    view: dict | None = None,
) -> dict:
    """A click or a choice: on a message in `channel` (with `message` as Slack includes it), or in an open
    `view` (a modal or the Home tab), which Slack sends back whole."""
    body = template(shape, "block_actions")
    body |= {"user": person(shape, user), "trigger_id": trigger_id, "actions": [action]}
    if view is not None:
        for key in ("channel", "response_url", "state"):  # a view's actions carry the view's own state
            body.pop(key, None)
        body["container"] = {"type": "view", "view_id": view.get("id")}
        body["view"] = with_view(shape, view)
        return body
    body["container"] = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel,
        "is_ephemeral": ephemeral,
    }
    body["channel"] = {"id": channel, "name": channel_name}
    if response_url is not None:
        body["response_url"] = response_url
    if message is not None:
        body["message"] = {
            "type": "message",
            "subtype": "bot_message",
            "ts": message_ts,
            "text": message.get("text"),
            "blocks": message.get("blocks"),
            "bot_id": "B0MLHIRE",
            "app_id": _template(shape, "block_actions")["api_app_id"],
        }
    return body


def view_submission(shape: Shape, *, user: str, view: dict, state: dict, trigger_id: str) -> dict:
    """A modal submitted with the person's `state` ({block_id: {action_id: element state}})."""
    body = template(shape, "view_submission")
    body |= {"user": person(shape, user), "trigger_id": trigger_id, "view": with_view(shape, view, state)}
    return body


def event_callback(shape: Shape, event: dict, *, event_id: str, event_time: int = 1764000000) -> dict:
    """An Events API delivery of `event`. Message events name the sender's team as Slack does (the other
    side's in a Connect channel)."""
    body = template(shape, "event_callback")
    event = dict(event)
    if event.get("type") == "message" and event.get("user") and not event.get("bot_id"):
        event.setdefault("team", team_of(shape))
        if shape is Shape.CONNECT:
            event.setdefault("user_team", team_of(shape))
            event.setdefault("source_team", team_of(shape))
    return body | {"event": event, "event_id": event_id, "event_time": event_time}

"""Slack's Web API contract, as the double holds every call to it.

`web_api_contract.json` beside this file is taken from Slack's published OpenAPI 2.0 spec of the Web API
(slackapi/slack-api-specs, `web-api/slack_web_openapi_v2.json`, version 1.7.0, October 2020): for each
method, its required and optional parameters (the token travels in the Authorization header and is left
out). Regenerate it with `python -m devtools.contract path/to/slack_web_openapi_v2.json`.

The spec is from 2020. What Slack added since, and the bot uses, is listed in `NEWER` below, each with
where Slack documents it; nothing else is accepted. A call to a method that is in neither, without a
parameter the method requires, or with a parameter the method does not take, is a violation.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

CONTRACT = Path(__file__).resolve().parent / "web_api_contract.json"

# Methods and parameters newer than the 2020 spec: {method: (required, optional)}.
NEWER: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # message metadata (2022): docs.slack.dev/messaging/message-metadata
    "chat.postMessage": (frozenset(), frozenset({"metadata"})),
    "chat.update": (frozenset(), frozenset({"metadata", "file_ids", "reply_broadcast"})),
    "conversations.history": (frozenset(), frozenset({"include_all_metadata"})),
    # the two-step file upload that replaced files.upload (2024): docs.slack.dev/messaging/working-with-files
    "files.getUploadURLExternal": (
        frozenset({"filename", "length"}),
        frozenset({"alt_txt", "snippet_type"}),
    ),
    "files.completeUploadExternal": (
        frozenset({"files"}),
        frozenset({"channel_id", "channels", "initial_comment", "thread_ts", "blocks"}),
    ),
    # Socket Mode (2020, after the spec): docs.slack.dev/reference/methods/apps.connections.open
    "apps.connections.open": (frozenset(), frozenset()),
    # views opened from a workflow step's interactivity pointer (2022)
    "views.open": (frozenset(), frozenset({"interactivity_pointer"})),
    "views.push": (frozenset(), frozenset({"interactivity_pointer"})),
}


# Every method takes `team_id` since org-wide apps (December 2020): "a shortcut is to always pass team_id
# to these methods ... even if your token is a single-workspace installation, the extra parameter will be
# accepted" (api.slack.com/enterprise/apps/changes-apis). Bolt's client passes the request's team on its own.
EVERY_METHOD = frozenset({"team_id"})


@cache
def methods() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """{method: (required parameters, every parameter)} from the spec with what Slack added since."""
    spec = json.loads(CONTRACT.read_text())["methods"]
    out = {m: (frozenset(p["required"]), frozenset(p["required"]) | frozenset(p["optional"])) for m, p in spec.items()}
    for method, (required, optional) in NEWER.items():
        have_required, have_all = out.get(method, (frozenset(), frozenset()))
        out[method] = (have_required | required, have_all | required | optional)
    return out


def problems(method: str, params: dict) -> list[str]:
    """What Slack's contract says is wrong with calling `method` with `params` (empty when nothing)."""
    known = methods().get(method)
    if known is None:
        return [f"{method}: no such Web API method"]
    required, every = known
    given = {k for k, v in params.items() if v is not None and k != "token"}
    out = [f"{method}: missing required parameter {p!r}" for p in sorted(required - given)]
    out += [f"{method}: unknown parameter {p!r}" for p in sorted(given - every - EVERY_METHOD)]
    return out


def extract(spec: dict) -> dict:
    """The compact contract from Slack's OpenAPI document."""
    found: dict[str, dict] = {}
    for path, operations in sorted(spec["paths"].items()):
        required: set[str] = set()
        optional: set[str] = set()
        for operation in operations.values():
            for p in operation.get("parameters", []):
                if p["name"] == "token":
                    continue
                (required if p.get("required") else optional).add(p["name"])
        found[path.lstrip("/")] = {"required": sorted(required), "optional": sorted(optional - required)}
    return {
        "source": f"{spec['info']['title']} OpenAPI {spec.get('swagger')} spec, version {spec['info']['version']} "
        "(slackapi/slack-api-specs web-api/slack_web_openapi_v2.json)",
        "methods": found,
    }


if __name__ == "__main__":  # python -m devtools.contract path/to/slack_web_openapi_v2.json
    CONTRACT.write_text(json.dumps(extract(json.loads(Path(sys.argv[1]).read_text())), indent=1) + "\n")
    print(f"wrote {CONTRACT}")

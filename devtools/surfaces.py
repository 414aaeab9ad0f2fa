"""What a person sees, checked for markup Slack would show as raw text (issue 24's "no raw markup").

Slack turns `<@U1>`, `<#C1>` and `<https://…|label>` into names and links in mrkdwn only: in a plain-text
surface (a modal's title, a label, a placeholder, a button's or an option's text, a header, an inline
error) they are shown as typed. In mrkdwn, `*<@U1>*` shows as `*@Ana Lima*` with its asterisks, and a
mention inside a link's label as raw text. `problems(method, params)` lists each such place in one Web API
call or response_url post; `error_problems` in a form's inline errors. The tests' Slack double fixture
fails a test whose bot wrote one.

What a person typed is theirs and is shown as typed (escaped in mrkdwn, as is in plain text), so only
markup the bot itself writes is looked for: a mention of a person or channel by id, and a link to a Slack
message (the bot's only links); the hostile tests' `<!channel>` or `<https://evil.example|…>` in a
candidate's name is the person's text, not the bot's markup. (Decision: the check reads what the bot sent,
surface by surface, not the rendered page: on the page an escaped `<@U0EVIL>` a person typed reads exactly
like a mention the bot left unresolved, and a rendered check refused the hostile tests' own input.)

Decision: a message's `text` beside its blocks is what notifications show, and Slack formats mentions
and links there as it does in mrkdwn, so it may name people by mention; it is checked as mrkdwn.
"""

from __future__ import annotations

import json
import re

BOT_MARKUP = re.compile(r"<@[UW][A-Z0-9]{2,}>|<#C[A-Z0-9]{2,}(\|[^>]*)?>|<https://[^>|]*/archives/[^>]*>")
BOLD_MENTION = re.compile(r"\*<[@#][^>]*>\*")
NESTED = re.compile(r"<https?://[^|>\s]+\|[^>]*<[@#]")
SWALLOWED = re.compile(r"<(?![@#!]|https?:|mailto:)[^>]*>")  # `<name>` in mrkdwn: Slack takes it as markup
COMMAND_CODE = re.compile(r"`/ml-[a-z]+[^`]*`")  # the bot naming a command as code: plain text shows the backticks
SAYS_OPTIONAL = re.compile(r"\(optional\)\s*$", re.I)


def _texts(node, where: str, kind: str):
    """Every text object of `kind` ("plain_text" or "mrkdwn") under `node`, with where it is."""
    if isinstance(node, dict):
        if node.get("type") == kind and isinstance(node.get("text"), str):
            yield where, node["text"]
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}", kind)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{where}[{i}]", kind)


def _mrkdwn(where: str, text: str) -> list[str]:
    out = [f"{where}: a bold mention shows its asterisks: {m.group(0)!r}" for m in BOLD_MENTION.finditer(text)]
    out += [f"{where}: a mention inside a link label: {m.group(0)[:80]!r}" for m in NESTED.finditer(text)]
    return out + [f"{where}: Slack swallows {m.group(0)!r} (write &lt; and &gt;)" for m in SWALLOWED.finditer(text)]


def surface_problems(node, *, where: str) -> list[str]:
    out = [
        f"{w}: plain text shows markup as typed: {m.group(0)!r}"
        for w, t in _texts(node, where, "plain_text")
        for pattern in (BOT_MARKUP, COMMAND_CODE)
        for m in pattern.finditer(t)
    ]
    for w, t in _texts(node, where, "mrkdwn"):
        out += _mrkdwn(w, t)
    blocks = node.get("blocks") if isinstance(node, dict) else node
    for i, b in enumerate(blocks if isinstance(blocks, list) else []):
        label = str(((b.get("label") or {}) if isinstance(b, dict) else {}).get("text") or "")
        if isinstance(b, dict) and b.get("type") == "input" and b.get("optional") and SAYS_OPTIONAL.search(label):
            out.append(f"{where}.blocks[{i}].label says '(optional)' itself: Slack adds it ({label!r})")
    return out


def problems(method: str, params: dict) -> list[str]:
    """Markup a person would see as typed in what this call shows."""
    if method in ("chat.postMessage", "chat.update", "chat.postEphemeral") or method.startswith("hooks/"):
        return surface_problems({"blocks": params.get("blocks")}, where=method) + _mrkdwn(
            f"{method} text", str(params.get("text") or "")
        )
    if method in ("views.open", "views.update", "views.push", "views.publish"):
        view = params.get("view") if isinstance(params.get("view"), dict) else {}
        return surface_problems(view, where=f"{method} view")
    return []


def error_problems(errors: dict) -> list[str]:
    """Inline errors are plain text under their field."""
    return [
        f"inline error on {block}: plain text shows markup as typed: {m.group(0)!r}"
        for block, text in errors.items()
        for pattern in (BOT_MARKUP, COMMAND_CODE)
        for m in pattern.finditer(str(text))
    ]


def answer_problems(body: str) -> list[str]:
    """Markup a person would see as typed in an acknowledgement: a form's inline errors, the view it is
    replaced with, a command's ephemeral answer."""
    try:
        answer = json.loads(body) if body.strip().startswith("{") else None
    except ValueError:
        return []
    if not isinstance(answer, dict):
        return []
    if answer.get("response_action") == "errors":
        return error_problems(answer.get("errors") or {})
    if isinstance(answer.get("view"), dict):
        return surface_problems(answer["view"], where="acknowledgement view")
    return problems("chat.postEphemeral", answer)

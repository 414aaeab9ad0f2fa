"""Block Kit to HTML for the demo workspace (pure; no browser needed to test it).

Everything that came from the bot, a person or a payload is HTML-escaped here, so a candidate called
`<script>alert(1)</script>` shows as text. Interactive elements carry `data-` attributes naming their
block, action and value; the page's script turns a click or a submit into the payload Slack would send.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from devtools.mrkdwn_html import e, mrkdwn

BLOCKS = {"header", "section", "context", "divider", "image", "actions", "input"}
ELEMENTS = {
    "button",
    "overflow",
    "image",
    "plain_text_input",
    "number_input",
    "email_text_input",
    "url_text_input",
    "static_select",
    "multi_static_select",
    "users_select",
    "multi_users_select",
    "conversations_select",
    "multi_conversations_select",
    "channels_select",
    "radio_buttons",
    "checkboxes",
    "datepicker",
    "timepicker",
    "datetimepicker",
}


@dataclass
class Workspace:
    """What rendering needs to know: names for ids, and the viewer (whose zone dates are shown in)."""

    people: dict[str, str] = field(default_factory=dict)  # {user id: display name}
    channels: dict[str, str] = field(default_factory=dict)  # {channel id: name}
    zone: str = "UTC"
    errors: dict[str, str] = field(default_factory=dict)  # inline errors of the view being rendered
    bots: frozenset[str] = frozenset()  # ids in `people` that are apps: shown by name, never offered in a picker
    now: datetime | None = None  # the instant "today" and "ago" are read from (the demo's clock; else the wall's)


def attrs(**values: object) -> str:
    return " ".join(f'{k.replace("_", "-")}="{e(v)}"' for k, v in values.items() if v is not None)


def text_object(obj: dict | None, ws: Workspace) -> str:
    if not isinstance(obj, dict):
        return ""
    value = str(obj.get("text") or "")
    return mrkdwn(value, ws) if obj.get("type") == "mrkdwn" else e(value).replace("\n", "<br>")


# --- elements -----------------------------------------------------------------------------------------


def _options(element: dict) -> list[tuple[str | None, list[dict]]]:
    if "option_groups" in element:
        return [(g.get("label", {}).get("text"), g.get("options") or []) for g in element["option_groups"]]
    return [(None, element.get("options") or [])]


def _choice(element: dict, ws: Workspace, where: dict) -> str:
    kind = element["type"]
    multiple = kind.startswith("multi_")
    initial: set[str] = set()
    if kind in ("static_select", "multi_static_select"):
        groups = [(label, [(o["value"], o["text"]["text"]) for o in opts]) for label, opts in _options(element)]
        chosen = element.get("initial_options") or (
            [element["initial_option"]] if element.get("initial_option") else []
        )
        initial = {o["value"] for o in chosen}
    elif kind in ("users_select", "multi_users_select"):
        people = [(u, name) for u, name in ws.people.items() if u not in ws.bots]  # named in messages, not pickable
        groups = [(None, sorted(people, key=lambda p: p[1]))]
        initial = set(
            element.get("initial_users") or ([element["initial_user"]] if element.get("initial_user") else [])
        )
    else:
        groups = [(None, sorted(ws.channels.items(), key=lambda c: c[1]))]
        picked = element.get("initial_conversations") or element.get("initial_channels") or []
        single = element.get("initial_conversation") or element.get("initial_channel")
        initial = set(picked) | ({single} if single else set())
    placeholder = (element.get("placeholder") or {}).get("text") or "Choose"
    body = [] if multiple else [f'<option value="">{e(placeholder)}</option>']
    for label, options in groups:
        items = "".join(
            f'<option value="{e(v)}"{" selected" if v in initial else ""}>{e(t)}</option>' for v, t in options
        )
        body.append(f'<optgroup label="{e(label)}">{items}</optgroup>' if label else items)
    return f"<select {attrs(**where, data_kind=kind)}{' multiple' if multiple else ''}>" + "".join(body) + "</select>"


def _picker(element: dict, where: dict, zone: str = "UTC") -> str:
    kind = element["type"]
    if kind == "datepicker":
        return f'<input type="date" {attrs(**where, data_kind=kind, value=element.get("initial_date"))}>'
    if kind == "timepicker":
        return f'<input type="time" {attrs(**where, data_kind=kind, value=element.get("initial_time"))}>'
    initial = element.get("initial_date_time")
    # shown in the viewer's zone, as Slack's picker shows it (and the demo reads it back in that zone)
    value = datetime.fromtimestamp(int(initial), tz=ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M") if initial else None
    return f'<input type="datetime-local" {attrs(**where, data_kind=kind, value=value)}>'


def _text_input(element: dict, where: dict) -> str:
    kind = element["type"]
    placeholder = (element.get("placeholder") or {}).get("text")
    common = attrs(**where, data_kind=kind, placeholder=placeholder, maxlength=element.get("max_length"))
    if element.get("multiline"):
        return f"<textarea {common}>{e(element.get('initial_value') or '')}</textarea>"
    html_type = {"number_input": "number", "email_text_input": "email", "url_text_input": "url"}.get(kind, "text")
    step = "any" if kind == "number_input" and element.get("is_decimal_allowed") else None
    return f'<input type="{html_type}" {common} {attrs(value=element.get("initial_value"), step=step)}>'


def _toggles(element: dict, ws: Workspace, where: dict) -> str:
    kind = element["type"]
    chosen = element.get("initial_options") or ([element["initial_option"]] if element.get("initial_option") else [])
    initial = {o["value"] for o in chosen}
    html_type = "radio" if kind == "radio_buttons" else "checkbox"
    name = f"{where.get('data_block_id')}-{where.get('data_action_id')}"
    rows = []
    for o in element.get("options") or []:
        checked = " checked" if o["value"] in initial else ""
        description = f"<small>{text_object(o.get('description'), ws)}</small>" if o.get("description") else ""
        rows.append(
            f'<label class="toggle"><input type="{html_type}" name="{e(name)}" value="{e(o["value"])}"'
            f" {attrs(**where, data_kind=kind)}{checked}> {text_object(o['text'], ws)}{description}</label>"
        )
    return f'<div class="toggles">{"".join(rows)}</div>'


def _confirm(element: dict) -> dict:
    c = element.get("confirm")
    if not isinstance(c, dict):
        return {}
    return {
        "data_confirm": json.dumps(
            {
                "title": (c.get("title") or {}).get("text", "Are you sure?"),
                "text": (c.get("text") or {}).get("text", ""),
                "confirm": (c.get("confirm") or {}).get("text", "Yes"),
                "deny": (c.get("deny") or {}).get("text", "Cancel"),
            }
        )
    }


def element(el: dict, ws: Workspace, block_id: str | None, *, interactive: bool = True) -> str:
    kind = el.get("type")
    where = {"data_block_id": block_id, "data_action_id": el.get("action_id")}
    if kind == "button":
        style = el.get("style") or "default"
        return (
            f'<button class="btn {e(style)}" {attrs(**where, data_kind=kind, data_value=el.get("value"), data_url=el.get("url"), **_confirm(el))}>'
            f"{text_object(el.get('text'), ws)}</button>"
        )
    if kind == "overflow":
        items = "".join(
            f'<button class="menu-item" {attrs(**where, data_kind=kind, data_value=o["value"])}>{text_object(o["text"], ws)}</button>'
            for o in el.get("options") or []
        )
        return (
            f'<details class="overflow"><summary aria-label="More">⋯</summary><div class="menu">{items}</div></details>'
        )
    if kind == "image":
        return f'<img class="thumb" src="{e(el.get("image_url"))}" alt="{e(el.get("alt_text") or "")}">'
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return _text_input(el, where)
    if kind in ("radio_buttons", "checkboxes"):
        return _toggles(el, ws, where)
    if kind in ("datepicker", "timepicker", "datetimepicker"):
        return _picker(el, where, ws.zone)
    if kind in ELEMENTS:
        return _choice(el, ws, where)
    return f'<span class="unsupported">unsupported element {e(kind)}</span>'


# --- blocks -------------------------------------------------------------------------------------------


def block(b: dict, ws: Workspace) -> str:
    kind, block_id = b.get("type"), b.get("block_id")
    if kind == "header":
        return f'<h3 class="b-header">{text_object(b.get("text"), ws)}</h3>'
    if kind == "divider":
        return '<hr class="b-divider">'
    if kind == "section":
        body = f'<div class="b-text">{text_object(b.get("text"), ws)}</div>' if b.get("text") else ""
        if b.get("fields"):
            body += (
                '<div class="b-fields">' + "".join(f"<div>{text_object(f, ws)}</div>" for f in b["fields"]) + "</div>"
            )
        accessory = (
            f'<div class="b-accessory">{element(b["accessory"], ws, block_id)}</div>' if b.get("accessory") else ""
        )
        return f'<div class="b-section">{body}{accessory}</div>'
    if kind == "context":
        parts = [
            element(x, ws, block_id) if x.get("type") == "image" else f"<span>{text_object(x, ws)}</span>"
            for x in b.get("elements") or []
        ]
        return f'<div class="b-context">{"".join(parts)}</div>'
    if kind == "image":
        title = f"<figcaption>{text_object(b.get('title'), ws)}</figcaption>" if b.get("title") else ""
        return f'<figure class="b-image"><img src="{e(b.get("image_url"))}" alt="{e(b.get("alt_text") or "")}">{title}</figure>'
    if kind == "actions":
        return '<div class="b-actions">' + "".join(element(x, ws, block_id) for x in b.get("elements") or []) + "</div>"
    if kind == "input":
        error = ws.errors.get(block_id or "")
        hint = f'<div class="hint">{text_object(b.get("hint"), ws)}</div>' if b.get("hint") else ""
        optional = ' <span class="optional">(optional)</span>' if b.get("optional") else ""
        dispatch = ' data-dispatch="1"' if b.get("dispatch_action") else ""
        return (
            f'<div class="b-input{" has-error" if error else ""}" data-block-id="{e(block_id)}"{dispatch}>'
            f'<label class="label">{text_object(b.get("label"), ws)}{optional}</label>'
            f"{element(b.get('element') or {}, ws, block_id)}{hint}"
            + (f'<div class="error" role="alert">{e(error)}</div>' if error else "")
            + "</div>"
        )
    return f'<div class="unsupported">unsupported block {e(kind)}</div>'


def blocks(items: list[dict] | None, ws: Workspace) -> str:
    return "".join(block(b, ws) for b in items or [] if isinstance(b, dict))


def message(msg: dict, ws: Workspace) -> str:
    """A message's blocks, or its text when it has none (the fallback is what notifications show)."""
    if msg.get("blocks"):
        return blocks(msg["blocks"], ws)
    return f'<div class="b-text">{mrkdwn(str(msg.get("text") or ""), ws)}</div>'


def modal(view: dict, ws: Workspace) -> str:
    title = text_object(view.get("title"), ws)
    submit = (
        f'<button class="btn primary" data-submit="1">{text_object(view["submit"], ws)}</button>'
        if view.get("submit")
        else ""
    )
    close = text_object(view.get("close") or {"type": "plain_text", "text": "Cancel"}, ws)
    return (
        f'<div class="modal" {attrs(data_view_id=view.get("id"), data_callback_id=view.get("callback_id"))}>'
        f'<div class="modal-title">{title}</div><div class="modal-body">{blocks(view.get("blocks"), ws)}</div>'
        f'<div class="modal-foot"><button class="btn" data-close="1">{close}</button>{submit}</div></div>'
    )


def unsupported(items: list[dict] | None) -> list[str]:
    """The block and element types in `items` this renderer cannot show (the double refuses none of
    them, so each end-to-end test checks every surface it sees can be shown in the demo)."""
    out = []
    for b in items or []:
        if not isinstance(b, dict):
            continue
        if b.get("type") not in BLOCKS:
            out.append(f"block {b.get('type')}")
            continue
        children = [b.get("accessory"), b.get("element"), *(b.get("elements") or [])]
        for el in children:
            if isinstance(el, dict) and b.get("type") != "context" and el.get("type") not in ELEMENTS:
                out.append(f"element {el.get('type')}")
    return out

"""Block Kit and mrkdwn to HTML for the demo workspace (pure; no browser needed to test it).

Everything that came from the bot, a person or a payload is HTML-escaped here, so a candidate called
`<script>alert(1)</script>` shows as text. Interactive elements carry `data-` attributes naming their
block, action and value; the page's script turns a click or a submit into the payload Slack would send.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

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


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def attrs(**values: object) -> str:
    return " ".join(f'{k.replace("_", "-")}="{e(v)}"' for k, v in values.items() if v is not None)


# --- mrkdwn -------------------------------------------------------------------------------------------

TOKEN = re.compile(r"<([^<>]+)>")
EMOJI = {  # the shortcodes the bot uses, as Slack shows them
    "warning": "⚠️",
    "hourglass": "⌛",
    "wave": "👋",
    "tada": "🎉",
    "bell": "🔔",
    "white_check_mark": "✅",
    "lock": "🔒",
    "seedling": "🌱",
    "pencil2": "✏️",
    "no_entry": "⛔",
    "speech_balloon": "💬",
    "pencil": "📝",
    "hourglass_flowing_sand": "⏳",
    "electric_plug": "🔌",
    "double_vertical_bar": "⏸️",
    "white_large_square": "⬜",
    "rotating_light": "🚨",
    "red_circle": "🔴",
    "no_entry_sign": "🚫",
    "money_with_wings": "💸",
    "memo": "📝",
    "large_yellow_circle": "🟡",
    "large_green_circle": "🟢",
    "information_source": "ℹ️",
    "handshake": "🤝",
    "envelope_with_arrow": "📩",
    "construction": "🚧",
    "clipboard": "📋",
    "calendar": "📅",
    "busts_in_silhouette": "👥",
    "briefcase": "💼",
    "bar_chart": "📊",
    "ballot_box_with_check": "☑️",
    "arrow_up": "⬆️",
    "arrow_forward": "▶️",
    "alarm_clock": "⏰",
    "zzz": "💤",
    "no_bell": "🔕",
    "repeat": "🔁",
    "heavy_check_mark": "✔️",
    "x": "❌",
    "white_circle": "⚪",
    "large_blue_circle": "🔵",
    "star": "⭐",
    "rocket": "🚀",
    "eyes": "👀",
}
DATE_FORMATS = {
    "date_num": "%Y-%m-%d",
    "date": "%B %-d, %Y",
    "date_short": "%b %-d, %Y",
    "date_long": "%A, %B %-d, %Y",
    "date_pretty": "%B %-d, %Y",
    "date_short_pretty": "%b %-d, %Y",
    "date_long_pretty": "%A, %B %-d, %Y",
    "time": "%H:%M",
    "time_secs": "%H:%M:%S",
}


def _date(body: str, ws: Workspace) -> str:
    """`!date^<unix>^<format>[^<link>]|<fallback>` in the viewer's own zone."""
    main, _, fallback = body.partition("|")
    parts = main.split("^")
    try:
        moment = datetime.fromtimestamp(int(parts[1]), tz=timezone.utc).astimezone(ZoneInfo(ws.zone))
    except (IndexError, ValueError, OverflowError, OSError):
        return e(fallback or main)
    template = parts[2] if len(parts) > 2 else "{date_short} {time}"
    today = datetime.now(timezone.utc).astimezone(ZoneInfo(ws.zone)).date()

    def word(m: re.Match) -> str:
        name = m[1]
        if name.endswith("pretty") and (moment.date() - today).days in (-1, 0, 1):
            return {-1: "Yesterday", 0: "Today", 1: "Tomorrow"}[(moment.date() - today).days]
        return moment.strftime(DATE_FORMATS.get(name, "%Y-%m-%d %H:%M"))

    shown = re.sub(r"\{(\w+)\}", word, template)
    return f'<time datetime="{e(moment.isoformat())}" title="{e(ws.zone)}">{e(shown)}</time>'


def _token(body: str, ws: Workspace) -> str:
    label = body.split("|", 1)[1] if "|" in body else None
    target = body.split("|", 1)[0]
    if target.startswith("@"):
        name = ws.people.get(target[1:], target[1:])
        return f'<span class="mention">@{e(html.unescape(label) if label else name)}</span>'
    if target.startswith("#"):
        name = ws.channels.get(target[1:], target[1:])
        return f'<span class="mention">#{e(html.unescape(label) if label else name)}</span>'
    if target.startswith("!date^"):
        return _date(body[1:], ws)
    if target.startswith("!"):
        return f'<span class="mention">@{e(target[1:].split("^")[0])}</span>'
    if re.match(r"^(https?://|mailto:)", target):
        text = html.unescape(label) if label else target
        return f'<a href="{e(html.unescape(target))}" rel="noopener noreferrer" target="_blank">{e(text)}</a>'
    return e(html.unescape(f"<{body}>"))


def _inline(segment: str) -> str:
    """Plain text between tokens: Slack's entities decoded, everything escaped, then bold/italic/strike/code."""
    out = e(html.unescape(segment))
    out = re.sub(r"```(.+?)```", r"<pre>\1</pre>", out, flags=re.S)
    out = re.sub(r"`([^`\n]+)`", r"<code>\1</code>", out)
    out = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])", r"<b>\1</b>", out)
    out = re.sub(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])", r"<i>\1</i>", out)
    out = re.sub(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])", r"<s>\1</s>", out)
    return re.sub(r":([a-z0-9_+-]+):", lambda m: EMOJI.get(m[1], m[0]), out)


def mrkdwn(text: str, ws: Workspace) -> str:
    parts, last = [], 0
    for m in TOKEN.finditer(text):
        parts.append(_inline(text[last : m.start()]))
        parts.append(_token(m[1], ws))
        last = m.end()
    parts.append(_inline(text[last:]))
    return "".join(parts).replace("\n", "<br>")


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
        groups = [(None, sorted(ws.people.items(), key=lambda p: p[1]))]
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


def _picker(element: dict, where: dict) -> str:
    kind = element["type"]
    if kind == "datepicker":
        return f'<input type="date" {attrs(**where, data_kind=kind, value=element.get("initial_date"))}>'
    if kind == "timepicker":
        return f'<input type="time" {attrs(**where, data_kind=kind, value=element.get("initial_time"))}>'
    initial = element.get("initial_date_time")
    value = datetime.fromtimestamp(int(initial), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M") if initial else None
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
        return _picker(el, where)
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


def as_text(text: str, ws: Workspace) -> str:
    """mrkdwn as a person reads it, without markup (mentions as names, links as their label): for transcripts."""
    shown = re.sub(r"<[^>]+>", "", mrkdwn(text, ws).replace("<br>", " "))
    return " ".join(html.unescape(shown).split())

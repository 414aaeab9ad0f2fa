"""mrkdwn to HTML (pure): Slack's bold, italic, strike, code, links, mentions as names, channel names,
`<!date^…>` in the viewer's own zone and the bot's emoji shortcodes; everything else escaped."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from devtools.render import Workspace


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


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


def ago(since: timedelta) -> str:
    """Slack's {ago}: "5 minutes ago", "3 hours ago", "4 days ago" (or "in ..." for the future)."""
    seconds = abs(since.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            words = f"{n} {unit}{'s' if n != 1 else ''}"
            return f"{words} ago" if since.total_seconds() >= 0 else f"in {words}"
    return "just now"


def _date(body: str, ws: Workspace) -> str:
    """`!date^<unix>^<format>[^<link>]|<fallback>` in the viewer's own zone."""
    main, _, fallback = body.partition("|")
    parts = main.split("^")
    try:
        moment = datetime.fromtimestamp(int(parts[1]), tz=timezone.utc).astimezone(ZoneInfo(ws.zone))
    except (IndexError, ValueError, OverflowError, OSError):
        return e(fallback or main)
    template = parts[2] if len(parts) > 2 else "{date_short} {time}"
    now = ws.now or datetime.now(timezone.utc)
    today = now.astimezone(ZoneInfo(ws.zone)).date()

    def word(m: re.Match) -> str:
        name = m[1]
        if name == "ago":
            return ago(now - moment)
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


def as_text(text: str, ws: Workspace) -> str:
    """mrkdwn as a person reads it, without markup (mentions as names, links as their label): for transcripts."""
    shown = re.sub(r"<[^>]+>", "", mrkdwn(text, ws).replace("<br>", " "))
    return " ".join(html.unescape(shown).split())

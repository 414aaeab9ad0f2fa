"""A submitted view's input: its state read into plain values, and the server-side checks every text
input gets whatever the modal declared (pure).

Slack enforces a modal's `max_length` in its own client, but a request can carry anything, so each
text input's limit is declared once, on its form's field (`block(..., max_length=N)` in
`bot.flows.forms`); `text_limit` reads it for the Block Kit builders (`bot.ui.blocks.input_block`
sets each text input's `max_length`) and for the check every submission gets before its form reads
it: the modal and the server can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time, timezone

VALUE = "value"  # the action_id of the single element inside each input block

DEFAULT_TEXT_LIMIT = 2000
MAX_RECORD_ID = 2**31 - 1  # ids are 32-bit integer columns on PostgreSQL

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
CONVERSATION_ID = re.compile(r"^[CGD][A-Z0-9]{2,20}$")
# Control characters a person never means to type (NUL breaks PostgreSQL text); newlines and tabs are fine.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_limit(block_id: str) -> int:
    """The longest text block `block_id` takes: its form field's `max_length`, else DEFAULT_TEXT_LIMIT."""
    from bot.flows.forms import declared_limits  # the forms import this module: read them when asked

    return declared_limits().get(block_id, DEFAULT_TEXT_LIMIT)


def is_blank(text: str) -> bool:
    """Only white space and invisible characters (zero-width spaces, joiners, marks): nothing typed."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Mn") for ch in text)


def record_id(raw) -> int | None:
    """A database id from a form value, or None when it is not one (not digits, 0, or past 32 bits)."""
    text = str(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    if not re.fullmatch(r"\d{1,10}", text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_RECORD_ID else None


def instant(raw: str | None) -> datetime | None:
    """A datetimepicker's Unix time as an aware UTC datetime, or None when it is not a readable one."""
    if not raw or not re.fullmatch(r"\d{1,12}", raw):
        return None
    try:
        return datetime.fromtimestamp(int(raw), timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def clock_time(raw: str | None) -> time | None:
    """A timepicker's HH:MM, or None when it is not a real time of day."""
    if not raw or not re.fullmatch(r"\d{2}:\d{2}", raw):
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        return None


def element_value(element: dict) -> str | None:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        value = (element.get("selected_option") or {}).get("value")
    elif kind == "datepicker":
        value = element.get("selected_date")
    elif kind == "timepicker":
        value = element.get("selected_time")
    elif kind == "datetimepicker":
        stamp = element.get("selected_date_time")
        value = str(stamp) if isinstance(stamp, (int, str)) and not isinstance(stamp, bool) else None
    elif kind == "users_select":
        value = element.get("selected_user")
    elif kind == "conversations_select":
        value = element.get("selected_conversation")
    elif kind == "channels_select":
        value = element.get("selected_channel")
    else:
        value = element.get("value")
    if not isinstance(value, str):
        return None
    value = value.strip()
    return None if is_blank(value) else value


def _elements(view: dict):
    values = (view.get("state") or {}).get("values") if isinstance(view, dict) else None
    if not isinstance(values, dict):
        return
    for block_id, elements in values.items():
        element = elements.get(VALUE) if isinstance(elements, dict) else None
        if isinstance(block_id, str) and isinstance(element, dict):
            yield block_id, element


def state_values(view: dict) -> dict[str, str | None]:
    """{block_id: value} for every input block whose element uses the VALUE action_id."""
    return {block_id: element_value(element) for block_id, element in _elements(view)}


def state_choices(view: dict) -> dict[str, list[str]]:
    """{block_id: [values]} for every checkboxes input (an untouched one reports no options) and every
    multi-select of people."""
    out: dict[str, list[str]] = {}
    for block_id, element in _elements(view):
        if element.get("type") == "multi_users_select":
            chosen = element.get("selected_users")
            out[block_id] = [u for u in chosen if isinstance(u, str)] if isinstance(chosen, list) else []
        elif element.get("type") == "checkboxes":
            chosen = element.get("selected_options")
            out[block_id] = (
                [o.get("value") for o in chosen if isinstance(o, dict) and isinstance(o.get("value"), str)]
                if isinstance(chosen, list)
                else []
            )
    return out


def _people(chosen) -> bool:
    """A multi-select's picked people are Slack user ids (at most 100)."""
    return (
        isinstance(chosen, list) and len(chosen) <= 100 and all(isinstance(u, str) and USER_ID.match(u) for u in chosen)
    )


def input_problems(view: dict) -> dict[str, str]:
    """What no form accepts, whichever modal it is: {block_id: inline error}.

    Text over its limit, control characters such as NUL, and a picked person or conversation
    that is not a Slack id (a forged `U0BOB> <!channel>` is refused before anything reads it).
    """
    problems: dict[str, str] = {}
    for block_id, element in _elements(view):
        kind = element.get("type")
        raw = element.get("value")
        if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input") and raw is not None:
            if not isinstance(raw, str):
                problems[block_id] = "Enter text here."
            elif CONTROL.search(raw):
                problems[block_id] = "Remove the control characters (such as NUL) from this text."
            elif len(raw) > (limit := text_limit(block_id)):
                problems[block_id] = f"Keep this under {limit} characters ({len(raw)} now)."
        elif kind == "users_select" and element.get("selected_user") is not None:
            if not isinstance(element["selected_user"], str) or not USER_ID.match(element["selected_user"]):
                problems[block_id] = "Pick a person from the list."
        elif kind == "multi_users_select" and not _people(element.get("selected_users", [])):
            problems[block_id] = "Pick people from the list."
        elif kind in ("conversations_select", "channels_select"):
            picked = element.get("selected_conversation", element.get("selected_channel"))
            if picked is not None and (not isinstance(picked, str) or not CONVERSATION_ID.match(picked)):
                problems[block_id] = "Pick a channel from the list."
        elif kind == "checkboxes":
            chosen = element.get("selected_options")
            values = [o.get("value") for o in chosen if isinstance(o, dict)] if isinstance(chosen, list) else []
            if len(values) > 100 or any(not isinstance(v, str) or len(v) > 150 or CONTROL.search(v) for v in values):
                problems[block_id] = "Choose from the listed options."
        elif kind in ("static_select", "radio_buttons", "datepicker", "timepicker", "datetimepicker"):
            value = element_value(element)
            if value is not None and (len(value) > 150 or CONTROL.search(value)):
                problems[block_id] = "Choose one of the listed options."
    return problems


def first_input_block(view: dict) -> str | None:
    """Where an error about the whole form is shown: the modal's first input block."""
    for block in (view.get("blocks") or []) if isinstance(view, dict) else []:
        if isinstance(block, dict) and block.get("type") == "input" and isinstance(block.get("block_id"), str):
            return block["block_id"]
    return None

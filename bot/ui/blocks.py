"""Small Block Kit helpers shared by every flow's UI, keeping within Slack's limits."""

from __future__ import annotations

from bot.flows.inputs import text_limit

SECTION_TEXT_LIMIT = 3000
OPTION_TEXT_LIMIT = 75
MESSAGE_TEXT_LIMIT = 40_000  # Slack truncates a message's text beyond this


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_text(text: str) -> str:
    """A message's top-level text, cut to Slack's limit (after escaping, which can make text longer)."""
    note = "\n… (cut: too long for one Slack message)"
    return text if len(text) <= MESSAGE_TEXT_LIMIT else text[: MESSAGE_TEXT_LIMIT - len(note)] + note


def plain(text: str, limit: int = 3000) -> dict:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": clip(text, SECTION_TEXT_LIMIT)}


def header(text: str) -> dict:
    return {"type": "header", "text": plain(text, 150)}


def section(text: str, block_id: str | None = None, accessory: dict | None = None) -> dict:
    block: dict = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    if accessory:
        block["accessory"] = accessory
    return block


def sections(lines: list[str], limit: int = SECTION_TEXT_LIMIT) -> list[dict]:
    """Lines packed into as few section blocks as Slack's 3,000-character limit allows."""
    out: list[dict] = []
    chunk = ""
    for line in lines:
        line = clip(line, limit)
        candidate = f"{chunk}\n{line}" if chunk else line
        if len(candidate) > limit:
            out.append(section(chunk))
            candidate = line
        chunk = candidate
    if chunk:
        out.append(section(chunk))
    return out


def fields(pairs: list[tuple[str, str]]) -> dict:
    return {"type": "section", "fields": [mrkdwn(f"*{k}*\n{v}") for k, v in pairs[:10]]}


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(t) for t in texts[:10]]}


def divider() -> dict:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    b = {"type": "button", "text": plain(text, 75), "action_id": action_id, "value": value}
    if style:
        b["style"] = style
    return b


def actions(block_id: str, *elements: dict) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def option(value: str, text: str) -> dict:
    return {"text": plain(text, OPTION_TEXT_LIMIT), "value": value}


def input_block(block_id: str, label: str, element: dict, *, optional: bool = False, hint: str | None = None) -> dict:
    """An input block; a text input gets its `max_length` from the server-side limit table."""
    if element.get("type") == "plain_text_input":
        element = {**element, "max_length": text_limit(block_id)}
    block = {"type": "input", "block_id": block_id, "label": plain(label, 2000), "element": element}
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def prefilled(blocks: list[dict], values: dict[str, object]) -> list[dict]:
    """The input blocks with each element's initial value set from {block_id: value} (a form read back
    into its modal: selects and radio buttons pick the option with that value, pickers take the date,
    person or conversation, text inputs the text, checkboxes the listed values)."""
    out = []
    for block in blocks:
        value = values.get(block.get("block_id")) if block.get("type") == "input" else None
        if value is None:
            out.append(block)
            continue
        element = dict(block["element"])
        kind = element["type"]
        if kind in ("static_select", "radio_buttons"):
            grouped = [o for g in element.get("option_groups", []) for o in g["options"]]
            match = [o for o in element.get("options", grouped) if o["value"] == str(value)]
            if match:
                element["initial_option"] = match[0]
        elif kind == "checkboxes":
            chosen = [o for o in element.get("options", []) if o["value"] in value]  # type: ignore[operator]
            if chosen:
                element["initial_options"] = chosen
        else:
            key = {
                "datepicker": "initial_date",
                "users_select": "initial_user",
                "conversations_select": "initial_conversation",
                "channels_select": "initial_channel",
                "timepicker": "initial_time",
            }.get(kind, "initial_value")
            if kind == "timepicker" and hasattr(value, "strftime"):
                element[key] = value.strftime("%H:%M")  # Slack's HH:mm, not isoformat's seconds
            elif kind == "multi_users_select":
                element["initial_users"] = list(value)  # type: ignore[call-overload]
            else:
                element[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        out.append({**block, "element": element})
    return out


def modal(
    callback_id: str,
    title: str,
    blocks: list[dict],
    *,
    submit: str | None = None,
    close: str = "Cancel",
    private_metadata: str = "",
) -> dict:
    view = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain(close, 24),
        "blocks": blocks,
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit, 24)
    return view


def notice_modal(title: str, message: str) -> dict:
    """A modal with just a message, for answering a submission that cannot be taken."""
    return modal("notice", title, [section(message)], close="Close")


def without_pressed(blocks: list | None, block_id: str | None, action_id: str | None, note: str) -> list[dict]:
    """A message's blocks with the pressed button gone (its whole actions block, or a section's button) and a
    line saying why: what a button that no longer applies leaves behind."""
    out: list[dict] = []
    for block in blocks or []:
        if not isinstance(block, dict):
            continue
        if block.get("type") == "actions" and block.get("block_id") == block_id:
            continue
        accessory = block.get("accessory")
        if (
            isinstance(accessory, dict)
            and accessory.get("action_id") == action_id
            and block.get("block_id") == block_id
        ):
            block = {k: v for k, v in block.items() if k != "accessory"}
        out.append(block)
    return out[:49] + [context(f":no_entry_sign: {clip(note, 2900)}")]

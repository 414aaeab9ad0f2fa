"""Block Kit limits as Slack enforces them (see shared/slack/README.md), for the fake Slack.

Each validator returns a list of problems; an empty list means Slack would accept it.
"""

from __future__ import annotations

from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100

TEXT_TYPES = {"plain_text", "mrkdwn"}
INPUT_ELEMENTS = {
    "plain_text_input",
    "static_select",
    "users_select",
    "conversations_select",
    "channels_select",
    "datepicker",
    "radio_buttons",
    "checkboxes",
    "number_input",
    "multi_static_select",
    "multi_users_select",
    "timepicker",
    "datetimepicker",
    "email_text_input",
    "url_text_input",
}
INTERACTIVE = INPUT_ELEMENTS | {"button", "overflow"}


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, where: str, obj: Any, limit: int, *, plain_only: bool = False) -> None:
        if not isinstance(obj, dict) or obj.get("type") not in TEXT_TYPES:
            self.fail(where, f"must be a text object, got {obj!r:.80}")
            return
        if plain_only and obj["type"] != "plain_text":
            self.fail(where, "must be plain_text")
        value = obj.get("text")
        if not isinstance(value, str) or not value:
            self.fail(where, "text must be a non-empty string")
        elif len(value) > limit:
            self.fail(where, f"text is {len(value)} characters; the limit is {limit}")

    def option(self, where: str, opt: Any) -> None:
        if not isinstance(opt, dict):
            self.fail(where, "option must be an object")
            return
        self.text(f"{where}.text", opt.get("text"), 75)
        value = opt.get("value")
        if not isinstance(value, str) or not 0 < len(value) <= 150:
            self.fail(where, f"option value must be 1-150 characters, got {value!r:.40}")

    def element(self, where: str, el: Any, ids: set[str]) -> None:
        if not isinstance(el, dict) or "type" not in el:
            self.fail(where, "element must be an object with a type")
            return
        kind = el["type"]
        if kind not in INTERACTIVE and kind != "image":
            self.fail(where, f"unknown element type {kind!r}")
        action_id = el.get("action_id")
        if action_id is not None:
            if not isinstance(action_id, str) or not 0 < len(action_id) <= 255:
                self.fail(where, "action_id must be 1-255 characters")
        if kind == "button":
            self.text(f"{where}.text", el.get("text"), 75, plain_only=True)
            if "value" in el and (not isinstance(el["value"], str) or len(el["value"]) > 2000):
                self.fail(where, "button value must be a string of at most 2000 characters")
            if "url" in el and len(el["url"]) > 3000:
                self.fail(where, "button url is over 3000 characters")
            if el.get("style") not in (None, "primary", "danger"):
                self.fail(where, f"bad button style {el.get('style')!r}")
        if kind in ("static_select", "multi_static_select") and "option_groups" in el:
            self.option_groups(where, el)
        elif kind in ("static_select", "radio_buttons", "checkboxes", "multi_static_select", "overflow"):
            options = el.get("options")
            limit = 5 if kind == "overflow" else (10 if kind in ("radio_buttons", "checkboxes") else 100)
            if not isinstance(options, list) or not 0 < len(options) <= limit:
                self.fail(where, f"{kind} needs 1-{limit} options")
            else:
                for i, opt in enumerate(options):
                    self.option(f"{where}.options[{i}]", opt)
        if "placeholder" in el:
            self.text(f"{where}.placeholder", el["placeholder"], 150, plain_only=True)
        if kind == "plain_text_input" and "max_length" in el and not 0 < el["max_length"] <= 3000:
            self.fail(where, "max_length must be 1-3000")

    def option_groups(self, where: str, el: dict) -> None:
        """Slack: `options` or `option_groups`, not both; up to 100 groups, each a label (75) and 1-100 options."""
        groups = el["option_groups"]
        if "options" in el:
            self.fail(where, "a select has options or option_groups, not both")
        if not isinstance(groups, list) or not 0 < len(groups) <= 100:
            self.fail(where, "option_groups needs 1-100 groups")
            return
        for g, group in enumerate(groups):
            self.text(f"{where}.option_groups[{g}].label", group.get("label"), 75, plain_only=True)
            options = group.get("options")
            if not isinstance(options, list) or not 0 < len(options) <= 100:
                self.fail(f"{where}.option_groups[{g}]", "a group needs 1-100 options")
                continue
            for i, opt in enumerate(options):
                self.option(f"{where}.option_groups[{g}].options[{i}]", opt)

    def block(self, where: str, block: Any, *, surface: str, block_ids: set[str]) -> None:  # noqa: C901 -- a flat list of independent checks
        if not isinstance(block, dict) or "type" not in block:
            self.fail(where, "block must be an object with a type")
            return
        kind = block["type"]
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= 255:
                self.fail(where, "block_id must be 1-255 characters")
            elif block_id in block_ids:
                self.fail(where, f"block_id {block_id!r} is repeated")
            block_ids.add(block_id)
        if kind == "section":
            if "text" not in block and "fields" not in block:
                self.fail(where, "section needs text or fields")
            if "text" in block:
                self.text(f"{where}.text", block["text"], 3000)
            if "fields" in block:
                flds = block["fields"]
                if not isinstance(flds, list) or not 0 < len(flds) <= 10:
                    self.fail(where, "section fields must be 1-10 items")
                else:
                    for i, f in enumerate(flds):
                        self.text(f"{where}.fields[{i}]", f, 2000)
            if "accessory" in block:
                self.element(f"{where}.accessory", block["accessory"], block_ids)
        elif kind == "header":
            self.text(f"{where}.text", block.get("text"), 150, plain_only=True)
        elif kind == "divider":
            pass
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 0 < len(elements) <= 10:
                self.fail(where, "context needs 1-10 elements")
            else:
                for i, e in enumerate(elements):
                    if isinstance(e, dict) and e.get("type") == "image":
                        continue
                    self.text(f"{where}.elements[{i}]", e, 3000)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 0 < len(elements) <= 25:
                self.fail(where, "actions needs 1-25 elements")
            else:
                for i, e in enumerate(elements):
                    self.element(f"{where}.elements[{i}]", e, block_ids)
        elif kind == "input":
            if surface != "modal":
                self.fail(where, "input blocks belong in modals")
            self.text(f"{where}.label", block.get("label"), 2000, plain_only=True)
            if "hint" in block:
                self.text(f"{where}.hint", block["hint"], 2000, plain_only=True)
            el = block.get("element")
            if not isinstance(el, dict) or el.get("type") not in INPUT_ELEMENTS:
                self.fail(where, f"input element must be one of the input types, got {el!r:.60}")
            else:
                self.element(f"{where}.element", el, block_ids)
        else:
            self.fail(where, f"unknown block type {kind!r}")

    def blocks(self, blocks: Any, *, surface: str, limit: int) -> None:
        if not isinstance(blocks, list):
            self.fail("blocks", "must be a list")
            return
        if len(blocks) > limit:
            self.fail("blocks", f"{len(blocks)} blocks; the limit is {limit}")
        seen: set[str] = set()
        for i, block in enumerate(blocks):
            self.block(f"blocks[{i}]", block, surface=surface, block_ids=seen)


def validate_message(params: dict) -> list[str]:
    """chat.postMessage / chat.update / chat.postEphemeral / response_url bodies."""
    c = Checker()
    blocks = params.get("blocks")
    text = params.get("text")
    if blocks is None and not text:
        c.fail("text", "a message needs text or blocks")
    if blocks is not None:
        if not text:
            c.fail("text", "send text as the notification fallback with blocks")
        c.blocks(blocks, surface="message", limit=MESSAGE_BLOCKS)
    if isinstance(text, str) and len(text) > 40000:
        c.fail("text", "over 40,000 characters")
    return c.problems


def validate_view(view: Any) -> list[str]:
    c = Checker()
    if not isinstance(view, dict):
        return ["view must be an object"]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        c.fail("type", f"must be modal or home, got {kind!r}")
    c.blocks(view.get("blocks"), surface=kind or "?", limit=VIEW_BLOCKS)
    if len(view.get("private_metadata") or "") > 3000:
        c.fail("private_metadata", "over 3000 characters")
    if len(view.get("callback_id") or "") > 255:
        c.fail("callback_id", "over 255 characters")
    if kind == "modal":
        c.text("title", view.get("title"), 24, plain_only=True)
        for key in ("submit", "close"):
            if key in view:
                c.text(key, view[key], 24, plain_only=True)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and "submit" not in view:
            c.fail("submit", "a modal with input blocks needs a submit button")
    return c.problems

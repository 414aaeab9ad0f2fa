"""Reading a submitted view's state into plain values (pure)."""

from __future__ import annotations

VALUE = "value"  # the action_id of the single element inside each input block


def element_value(element: dict) -> str | None:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        return (element.get("selected_option") or {}).get("value")
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "timepicker":
        return element.get("selected_time")
    if kind == "datetimepicker":
        stamp = element.get("selected_date_time")
        return str(stamp) if stamp is not None else None
    if kind == "users_select":
        return element.get("selected_user")
    if kind == "conversations_select":
        return element.get("selected_conversation")
    if kind == "channels_select":
        return element.get("selected_channel")
    value = element.get("value")
    if isinstance(value, str):
        value = value.strip()
    return value or None


def state_values(view: dict) -> dict[str, str | None]:
    """{block_id: value} for every input block whose element uses the VALUE action_id."""
    out: dict[str, str | None] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        element = elements.get(VALUE)
        if isinstance(element, dict):
            out[block_id] = element_value(element)
    return out


def state_choices(view: dict) -> dict[str, list[str]]:
    """{block_id: [values]} for every checkboxes input (an untouched one reports no options)."""
    out: dict[str, list[str]] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        element = elements.get(VALUE)
        if isinstance(element, dict) and element.get("type") == "checkboxes":
            out[block_id] = [o.get("value") for o in element.get("selected_options") or []]
    return out

"""Reading the intake modal's submitted state into plain values (pure; no validation here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.flows.requisition import ids


@dataclass(frozen=True)
class IntakeForm:
    specialization: str | None = None
    level: str | None = None
    location: str | None = None
    hiring_model: str | None = None
    headcount: str | None = None
    target_start: str | None = None
    stage: str | None = None
    work: str | None = None
    mlops: str | None = None
    tools: str | None = None
    domain: str | None = None
    approver: str | None = None
    channel: str | None = None
    readiness: dict[str, str | None] = field(default_factory=dict)


def _element_value(element: dict) -> str | None:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        option = element.get("selected_option") or {}
        return option.get("value")
    if kind == "datepicker":
        return element.get("selected_date")
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
    """{block_id: value} for every input block whose element uses ids.VALUE."""
    out: dict[str, str | None] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        element = elements.get(ids.VALUE)
        if isinstance(element, dict):
            out[block_id] = _element_value(element)
    return out


def read_intake(view: dict) -> IntakeForm:
    v = state_values(view)
    return IntakeForm(
        specialization=v.get(ids.SPECIALIZATION),
        level=v.get(ids.LEVEL),
        location=v.get(ids.LOCATION),
        hiring_model=v.get(ids.HIRING_MODEL),
        headcount=v.get(ids.HEADCOUNT),
        target_start=v.get(ids.TARGET_START),
        stage=v.get(ids.STAGE),
        work=v.get(ids.WORK),
        mlops=v.get(ids.MLOPS),
        tools=v.get(ids.TOOLS),
        domain=v.get(ids.DOMAIN),
        approver=v.get(ids.APPROVER),
        channel=v.get(ids.CHANNEL),
        readiness={
            block_id.removeprefix(ids.READINESS_PREFIX): value
            for block_id, value in v.items()
            if block_id.startswith(ids.READINESS_PREFIX)
        },
    )


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None

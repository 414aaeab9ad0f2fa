"""Reading the intake modal's submitted state into plain values (pure; no validation here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.flows.requisition import ids
from bot.flows.state import state_values


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

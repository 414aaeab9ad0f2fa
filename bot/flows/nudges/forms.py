"""The quiet-hours modal as a typed form (see `bot.flows.forms`); whether the hours leave working
time is the service's check (it needs the work calendar)."""

from __future__ import annotations

from datetime import time

from pydantic import field_validator

from bot.flows.forms import Form, block, fail
from bot.flows.inputs import clock_time
from bot.flows.nudges import ids


class QuietHoursForm(Form):
    start: time | None = block(ids.QUIET_START)
    end: time | None = block(ids.QUIET_END)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value) -> time | None:
        if value is None or isinstance(value, time):
            return value
        if (parsed := clock_time(value if isinstance(value, str) else None)) is None:
            raise fail("Pick a time of day such as 19:00.")
        return parsed

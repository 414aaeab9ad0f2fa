"""The Settings modal as a typed form (see `bot.flows.forms`)."""

from __future__ import annotations

from datetime import time

from pydantic import ValidationInfo, field_validator

from bot.config import CHANNEL_ID, USER_ID
from bot.flows.forms import Form, block, fail
from bot.flows.inputs import clock_time
from bot.flows.settings import ids

LAST_ADMIN = "Keep at least one admin: the bot cannot be run without one."


def holiday_countries() -> dict[str, str]:
    """{ISO code: country name} for every country the `holidays` package supports, by name."""
    from holidays import registry

    named = {entry[1]: key.replace("_", " ").title() for key, entry in registry.COUNTRIES.items()}
    return dict(sorted(named.items(), key=lambda item: item[1]))


class SettingsForm(Form):
    hiring_channel: str | None = block(ids.HIRING_CHANNEL)
    onboarding_channel: str | None = block(ids.ONBOARDING_CHANNEL)
    admins: list[str] = block(ids.ADMINS, choices=True)
    holiday_country: str = block(ids.HOLIDAY_COUNTRY, missing="Choose a country, or no public holidays.")
    holiday_region: str | None = block(ids.HOLIDAY_REGION)
    work_start: time = block(ids.WORK_START, missing="Pick when the working day starts.")
    work_end: time = block(ids.WORK_END, missing="Pick when the working day ends.")
    digest_day: int = block(ids.DIGEST_DAY, missing="Choose the digest's day.", invalid="Choose a day from the list.")
    digest_time: time = block(ids.DIGEST_TIME, missing="Pick the digest's time.")

    @field_validator("hiring_channel", "onboarding_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value is not None and not CHANNEL_ID.match(value):
            raise fail("Pick a channel from the list.")
        return value

    @field_validator("admins")
    @classmethod
    def _admins(cls, value: list[str]) -> list[str]:
        if not value:
            raise fail(LAST_ADMIN)
        if any(not USER_ID.match(u) for u in value):
            raise fail("Pick people from the list.")
        return sorted(set(value))

    @field_validator("holiday_country")
    @classmethod
    def _country(cls, value: str) -> str:
        if value != ids.NO_HOLIDAYS and value not in holiday_countries():
            raise fail("Choose a country from the list.")
        return value

    @field_validator("holiday_region")
    @classmethod
    def _region(cls, value: str | None, info: ValidationInfo) -> str | None:
        region = value.strip().upper() if value and value.strip() else None
        country = info.data.get("holiday_country")
        if region is None or country is None:
            return region
        import holidays

        regions = holidays.list_supported_countries().get(country, [])
        if country == ids.NO_HOLIDAYS:
            raise fail("A region needs a country; choose one or clear this.")
        if region not in regions:
            known = ", ".join(regions[:12]) or "none"
            raise fail(f"Not a region of that country (known: {known}{', …' if len(regions) > 12 else ''}).")
        return region

    @field_validator("work_start", "work_end", "digest_time", mode="before")
    @classmethod
    def _clock(cls, value) -> time:
        if isinstance(value, time):
            return value
        if (parsed := clock_time(value if isinstance(value, str) else None)) is None:
            raise fail("Pick a time of day such as 09:00.")
        return parsed

    # The rules between fields are field validators reading the fields before them (info.data), not a model
    # validator: pydantic runs that only once every field is valid, so its errors came in a second round.
    @field_validator("work_end")
    @classmethod
    def _day(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("work_start")
        if start is not None and start >= value:
            raise fail("The working day must end after it starts.")
        return value

    @field_validator("digest_day")
    @classmethod
    def _weekday(cls, value: int) -> int:
        if not 0 <= value <= 6:
            raise fail("Choose a day from the list.")
        return value

    @field_validator("digest_time")
    @classmethod
    def _digest(cls, value: time, info: ValidationInfo) -> time:
        start, end = info.data.get("work_start"), info.data.get("work_end")
        if start is not None and end is not None and not start <= value < end:
            raise fail("The digest goes out within working hours: pick a time between their start and end.")
        return value

"""Stable Slack ids for the Settings section of App Home and its modal."""

from __future__ import annotations

from bot.flows.typed import Typed

OPEN = "settings_open"
CALLBACK = "settings"
HIRING_CHANNEL = "settings_hiring_channel"
ONBOARDING_CHANNEL = "settings_onboarding_channel"
ADMINS = "settings_admins"
HOLIDAY_COUNTRY = "settings_holiday_country"
HOLIDAY_REGION = "settings_holiday_region"
WORK_START = "settings_work_start"
WORK_END = "settings_work_end"
DIGEST_DAY = "settings_digest_day"
DIGEST_TIME = "settings_digest_time"

NO_HOLIDAYS = "none"  # the holiday choice for "no public holidays"


class SettingsRef(Typed):
    """The version of the settings the modal was opened on: a save over a newer one is refused."""

    version: int

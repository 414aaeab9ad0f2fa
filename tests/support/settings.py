"""Helpers shared by the test modules (test_settings_e2e)."""

from __future__ import annotations

from bot.flows.settings import ids
from tests.support.workspace import ADMIN, HIRING_CHANNEL


def open_settings(slack, fake_slack, user: str = ADMIN):
    response = slack.click(
        user=user, action_id=ids.OPEN, value="settings", block_id="home", channel="D0X", message_ts="1.1"
    )
    opened = fake_slack.called("views.open")
    return response, (opened[-1]["view"] if opened else None)


def values(**changes) -> dict:
    base = {
        ids.HIRING_CHANNEL: HIRING_CHANNEL,
        ids.ADMINS: [ADMIN],
        ids.HOLIDAY_COUNTRY: "none",
        ids.WORK_START: "09:00",
        ids.WORK_END: "18:00",
        ids.DIGEST_DAY: "0",
        ids.DIGEST_TIME: "09:30",
    }
    return base | changes

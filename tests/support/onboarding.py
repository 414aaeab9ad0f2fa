"""Helpers shared by the test modules (test_onboarding_e2e)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.flows.onboarding import ids
from bot.models import Nudge
from tests.support.presses import refused_buttons
from tests.support.presses import wanted as every_button_wanted
from tests.support.stale import stale_reminder_buttons

NEW, MGR, BUDDY, OUTSIDER, ROBOT = "U0NEW", "U0MGR", "U0BUDDY", "U0OUTSIDER", "U0ROBOT"


ONBOARD = "C0ONBOARD"


TOKYO, NEW_YORK = ZoneInfo("Asia/Tokyo"), ZoneInfo("America/New_York")


START_DAY = date(2026, 12, 7)  # a Monday; day 90 (7 March 2027) is a Sunday


@pytest.fixture
def people(fake_slack):
    fake_slack.users.update(
        {
            NEW: {"id": NEW, "tz": "Asia/Tokyo", "is_bot": False, "deleted": False},
            MGR: {"id": MGR, "tz": "America/New_York", "is_bot": False, "deleted": False},
            BUDDY: {"id": BUDDY, "tz": "Europe/Berlin", "is_bot": False, "deleted": False},
            OUTSIDER: {"id": OUTSIDER, "tz": "UTC", "is_bot": False, "deleted": False},
            ROBOT: {"id": ROBOT, "tz": None, "is_bot": True, "deleted": False},
        }
    )


@pytest.fixture
def onboarding_settings(settings):
    from dataclasses import replace

    return replace(settings, onboarding_channel=ONBOARD)


@pytest.fixture
def ob_slack(request, onboarding_settings, engine, clock, playbook, fake_slack, people, mode, shape, session_factory):
    """The app with an onboarding channel: from the environment, or in OAuth mode picked in Settings (and, as
    the `slack` fixture, pressing every button still offered at the end of a test marked `every_button`)."""
    from bot.flows.settings import ids as settings_ids
    from tests.support.installs import OAUTH_MODE, only_the_installations_token, serve_in_mode

    fake_slack.clock = clock
    channels = {settings_ids.ONBOARDING_CHANNEL: ONBOARD}
    sim, server, executor = serve_in_mode(
        mode, onboarding_settings, engine, clock, playbook, fake_slack, shape, channels
    )
    yield sim
    if every_button_wanted(request.node):
        refused = refused_buttons(sim, fake_slack, engine)
        assert refused == [], "buttons the bot would refuse: " + "; ".join(refused)
    server.shutdown()
    server.server_close()
    executor.shutdown()
    assert fake_slack.violations == []
    with session_factory() as db:
        stale = stale_reminder_buttons(fake_slack, db)
        assert stale == [], "a message still offers a button whose moment passed: " + "; ".join(stale)
    if mode == OAUTH_MODE:
        only_the_installations_token(fake_slack, shape)


GOOD = {
    ids.NEW_HIRE: NEW,
    ids.START_DATE: START_DAY.isoformat(),
    ids.MANAGER: MGR,
    ids.BUDDY: BUDDY,
    ids.SPECIALIZATION: "computer_vision",
    ids.CHANNEL: ONBOARD,
}


def start(slack, fake_slack, values=None, user=MGR):
    slack.command(ids.COMMAND, "", user=user)
    view = fake_slack.called("views.open")[-1]["view"]
    assert view["callback_id"] == ids.START_CALLBACK
    return slack.submit(view, GOOD | (values or {}), user=user)


def dms(fake_slack, user) -> list[dict]:
    return [p for p in fake_slack.posts_to(user) if p.get("metadata")]


def kind_of(session, post) -> tuple[str, dict]:
    nudge = session.get(Nudge, post["metadata"]["event_payload"]["nudge_id"])
    return nudge.kind, nudge.detail


def sent_at(fake_slack, post_index_user, post) -> datetime:
    channel = fake_slack.dm_channel(post_index_user)
    [(ts, _)] = [
        (m["ts"], m)
        for (c, _t), m in fake_slack.messages.items()
        if c == channel and m.get("metadata") == post["metadata"]
    ]
    return datetime.fromtimestamp(int(ts.split(".")[0]), timezone.utc)


def answer_check_in(slack, fake_slack, post, user, values):
    button = next(
        e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == ids.CHECKIN_OPEN
    )
    slack.click(
        user=user,
        action_id=ids.CHECKIN_OPEN,
        block_id="ob_checkin_actions",
        channel=fake_slack.dm_channel(user),
        message_ts="1.1",
        value=button["value"],
    )
    view = fake_slack.called("views.open")[-1]["view"]
    return view, slack.submit(view, values, user=user)

"""Press every button a person can still see, and report those the bot would refuse.

A message that offers a button whose action would now be refused ("already accepted", "no longer
hiring", "already answered") tells its reader something false. `refused_buttons` finds them the only
sure way: it presses each one, through the running app as Slack would, and reads the outcome the runner
logs for it. Each press starts from the state as it is: the database's rows and the Slack double's
messages, views and calls are put back after it, so one press never hides or causes another's refusal.

Who presses: the person a direct message is for; on a channel post, the people who may act there (the
hiring manager, the approver, an admin), the first one the bot does not refuse as "not yours to do".
What counts as refused: the bot said the thing moved on or is gone (Conflict, NotFound), that nobody
who sees the button may press it, that the button's value is damaged (BadRequest), or it failed.
"""

from __future__ import annotations

import copy
import logging
import os
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from bot.models import Base
from devtools.harness import SlackClientSimulator
from devtools.slack_double import FakeSlack
from tests.support.workspace import ADMIN

NOT_YOURS = "NotAllowed"

# The double's state a press can change: lists only grow (cut back to their length), maps are copied whole.
_GROWING = ("calls", "violations", "ephemerals", "responses", "refused")
_MAPS = ("messages", "views", "stacks", "homes", "files")


class Outcomes(logging.Handler):
    """The runner's one line per request: what came of it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "listener done":
            self.seen.append(record.__dict__.get("outcome", ""))


class _Snapshot:
    """The database's rows and the double's state as they are now, to put back after each press."""

    def __init__(self, engine: Engine, fake: FakeSlack) -> None:
        self.engine, self.fake = engine, fake
        with engine.connect() as conn:
            self.rows = {t: [dict(r._mapping) for r in conn.execute(select(t))] for t in Base.metadata.sorted_tables}
        with fake._lock:
            self.lengths = {name: len(getattr(fake, name)) for name in _GROWING}
            self.maps = {name: copy.deepcopy(getattr(fake, name)) for name in _MAPS}

    def put_back(self) -> None:
        with self.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(delete(table))
            for table in Base.metadata.sorted_tables:
                if self.rows[table]:
                    conn.execute(insert(table), self.rows[table])
        with self.fake._lock:
            for name, length in self.lengths.items():
                del getattr(self.fake, name)[length:]
            for name, kept in self.maps.items():  # only what the press changed is copied back (copies are slow)
                now = getattr(self.fake, name)
                for key in [key for key in now if key not in kept]:
                    del now[key]
                for key, value in kept.items():
                    if now.get(key) != value:
                        now[key] = copy.deepcopy(value)


def offered_buttons(fake: FakeSlack) -> list[tuple[str, str, dict, str, dict]]:
    """(channel, ts, message, block id, button) for every button on every message as it is now; link
    buttons (a `url`) only open a page."""
    out = []
    for (channel, ts), message in sorted(fake.messages.items()):
        for block in message.get("blocks") or []:
            if block.get("type") == "actions":
                elements = block.get("elements") or []
            elif block.get("type") == "section" and block.get("accessory"):
                elements = [block["accessory"]]
            else:
                continue
            for element in elements:
                if element.get("type") == "button" and not element.get("url"):
                    out.append((channel, ts, message, block.get("block_id") or "b", element))
    return out


def refused_buttons(
    slack: SlackClientSimulator, fake: FakeSlack, engine: Engine, actors_in_channels: tuple[str, ...] | None = None
) -> list[str]:
    """Every button offered now whose press the bot would refuse, as 'channel: action_id -> outcome'. On a
    channel post, the button is pressed by `actors_in_channels` in turn (by default an admin first, then
    everyone the double knows) until one is not refused as not theirs."""
    actors_in_channels = actors_in_channels or (ADMIN, *sorted(u for u in fake.users if u != ADMIN))
    outcomes = Outcomes()
    logger = logging.getLogger("bot.requests")
    logger.addHandler(outcomes)
    found, snapshot = [], _Snapshot(engine, fake)
    # what a press comes to depends on the button's action and value and on who presses it, not on the
    # message it is on: the same button on two messages (a request and its reminder) is pressed once
    decided: dict[tuple, str] = {}
    try:
        for channel, ts, message, block_id, button in offered_buttons(fake):
            pressers = ("U" + channel[1:],) if channel.startswith("D") else actors_in_channels
            same = (button["action_id"], button.get("value", ""), pressers)
            if same not in decided:
                decided[same] = _press(slack, snapshot, outcomes, pressers, channel, ts, message, block_id, button)
            if not decided[same].startswith("ok"):
                found.append(
                    f"{channel} {(message.get('text') or '')[:60]!r}: {button['action_id']} -> {decided[same]}"
                )
    finally:
        logger.removeHandler(outcomes)
    return found


def wanted(node: Any) -> bool:
    """Whether a test ends by pressing every button: marked `every_button`, or every end-to-end test when
    PRESS_EVERY_BUTTON=1 (a slow, thorough local run)."""
    return node.get_closest_marker("every_button") is not None or os.environ.get("PRESS_EVERY_BUTTON") == "1"


def press_button(slack: SlackClientSimulator, user: str, channel: str, ts: str, message: dict, block_id, button):
    """`user` presses `button` on `message` as Slack sends it (the message as they see it included)."""
    return slack.click(
        user=user,
        action_id=button["action_id"],
        value=button.get("value", ""),
        block_id=block_id,
        channel=channel,
        message_ts=ts,
        message=copy.deepcopy(message),
    )


def _press(slack, snapshot: _Snapshot, outcomes: Outcomes, pressers, channel, ts, message, block_id, button) -> str:
    """Press `button` as each of `pressers` in turn until one is not refused as not theirs; the outcome."""
    outcome = ""
    for user in pressers:
        try:
            press_button(slack, user, channel, ts, message, block_id, button)
        finally:
            snapshot.put_back()
        outcome = outcomes.seen[-1] if outcomes.seen else "no answer"
        if outcome != NOT_YOURS:
            break
    return outcome

"""What the admins are told about the bot's own running (not about hiring): the clock gone silent."""

from __future__ import annotations

from datetime import datetime

from bot.mrkdwn import slack_date
from bot.ui.blocks import context, message_text, section


def clock_silent(silent_since: datetime, ever_swept: bool, minutes: int) -> tuple[str, list[dict]]:
    """(text, blocks) for the admins' DM when no clock has swept for `minutes` (bot.heartbeat)."""
    when = slack_date(silent_since)
    what = (
        f"No clock has sent reminders since {when}"
        if ever_swept
        else f"No clock has sent reminders since {when}, when the bot was set up"
    )
    lines = [
        f":warning: *{what}* (over {minutes} minutes).",
        "Until one runs, no reminder, check-in, escalation or weekly digest goes out; each is kept and sent once a "
        "clock starts.",
        "Start one beside the web process: `python -m bot clock` (or `python -m bot run`, which starts both).",
    ]
    return message_text("\n".join(lines)), [
        section("\n".join(lines[:2])),
        context(lines[2] + " You are told once per silence; `python -m bot status` shows the clock's last sweep."),
    ]

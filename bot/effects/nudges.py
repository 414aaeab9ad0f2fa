"""After a reminder's Snooze or Stop is committed: its message, rebuilt from the database, says what was
done in place of its controls. Nothing from the click's payload is reused: not its channel, not its blocks."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.flows.nudges import service
from bot.flows.nudges.registry import KINDS
from bot.playbook import Playbook
from bot.slack import best_effort
from bot.ui import nudges as ui
from bot.ui.nudge_messages import render


def settle(client: WebClient, db: Session, playbook: Playbook, nudge_id: int, note: str) -> None:
    nudge = service.sent_nudge(db, nudge_id)
    if nudge is None:
        return
    kind = KINDS.get(nudge.kind)
    about = kind.load(db, playbook, [nudge]).get(nudge.id) if kind else None
    rendered = render(about) if about else None
    text, blocks = (rendered.text, rendered.blocks) if rendered else (note, [])
    best_effort(
        "settle the reminder message",
        client.chat_update,
        channel=nudge.channel_id,
        ts=nudge.message_ts,
        text=text,
        blocks=ui.settled(blocks, note),
    )

"""Buttons a person may still press: none on a reminder whose moment has passed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.flows.nudges.registry import KINDS
from bot.models import Nudge


def stale_reminder_buttons(fake_slack, session: Session) -> list[str]:
    """Reminder messages (they carry their nudge in metadata) that still offer buttons though their kind no
    longer wants them: the offer was answered, the scorecard is in, the check-in answered, the approval
    decided. Read from the double's messages as they are now (after every chat.update)."""
    out = []
    session.expire_all()
    for (channel, _ts), message in list(fake_slack.messages.items()):
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        nudge = session.get(Nudge, payload["nudge_id"]) if payload.get("nudge_id") else None
        if nudge is None or nudge.kind not in KINDS:
            continue
        buttons = [
            e.get("action_id")
            for b in message.get("blocks") or []
            if b.get("type") == "actions"
            for e in b.get("elements") or []
        ]
        if buttons and nudge.id not in KINDS[nudge.kind].wanted(session, [nudge]):
            out.append(f"{nudge.kind} #{nudge.id} in {channel} still offers {buttons}")
    return out

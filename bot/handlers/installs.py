"""Leaving: Slack says the app was uninstalled from a workspace, or its bot token was revoked. The workspace is
marked as departed (its reminders stop at once; other workspaces go on), and its dead tokens are dropped.
Its data stays until the operator deletes it (`python -m bot forget-workspace`, after DEPARTED_RETENTION_DAYS).
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_bolt import App
from sqlalchemy.orm import Session

from bot.flows import workspaces
from bot.requests.runner import listener

log = logging.getLogger(__name__)


def register(app: App, installations) -> None:
    """`installations` (bot.installs.Installations) in OAuth mode; None in single-token mode, where leaving is
    only logged (the one workspace's token is the operator's to replace)."""

    @listener
    def on_app_uninstalled(db: Session, context, now: datetime):
        return _left(db, context, workspaces.UNINSTALLED, now)

    @listener
    def on_tokens_revoked(db: Session, event: dict, context, now: datetime):
        if not (event.get("tokens") or {}).get("bot"):
            return None  # only people's tokens: the bot uses none
        return _left(db, context, workspaces.REVOKED, now)

    def _left(db: Session, context, why: str, now: datetime):
        key = context["workspace"]
        if installations is None or not workspaces.departed(db, why, now):
            log.info("Slack says the app left a workspace", extra={"why": why, "workspace": key})
            return None
        log.info("a workspace left: its reminders stop", extra={"why": why, "workspace": key})
        return lambda: installations.forget_tokens(key)

    app.event("app_uninstalled")(on_app_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)

"""Slack refusing the bot token itself: the one failure that pauses delivery instead of failing a row."""

from __future__ import annotations

# Slack's answers meaning the token itself is no good (not the request, not the recipient).
AUTH_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})


class TokenRefused(Exception):
    """Slack refused the bot token; `error` is Slack's error code, `settled` what the batch did before."""

    def __init__(self, error: str):
        super().__init__(error)
        self.error = error
        self.settled = None  # the interrupted batch's SweepResult (rows already sent count as sent)

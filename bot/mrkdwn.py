"""Slack mrkdwn text helpers shared by ui and by the domain messages flows raise (pure)."""

from __future__ import annotations


def escape(text: str | None) -> str:
    """Make user-typed text safe inside mrkdwn (no accidental mentions or links)."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Slack mrkdwn text helpers shared by ui and by the domain messages flows raise (pure)."""

from __future__ import annotations

from datetime import datetime


def escape(text: str | None) -> str:
    """Make user-typed text safe inside mrkdwn (no accidental mentions or links)."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_date(at: datetime) -> str:
    """An instant as Slack shows it to each reader, in their own zone ("Mar 31, 2027 at 1:00 PM"); the fallback
    (clients that cannot format it) names UTC."""
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{at:%d %b %Y %H:%M} UTC>"

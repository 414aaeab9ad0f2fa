"""Commands the manifest already creates whose flows have not shipped yet.

They answer with a plain note instead of letting Slack show "dispatch_failed", and they are
replaced one by one as the interview-loop, onboarding and reporting flows land.
"""

from __future__ import annotations

from slack_bolt import App

UPCOMING = {
    "/ml-candidate": "the interview loop (candidates, plans, scorecards, debriefs)",
}


def register(app: App) -> None:
    for command, what in UPCOMING.items():
        app.command(command)(_answer(command, what))


def _answer(command: str, what: str):
    def on_upcoming(ack):
        ack(text=f"`{command}` is not available yet: {what} is still being built. "
                 "Requisitions work today: try `/ml-req`.", response_type="ephemeral")

    on_upcoming.__name__ = "on_" + command.strip("/").replace("-", "_")
    return on_upcoming

"""What the bot knows of a person picked in a form, and whether they can be picked: pure rules. Slack is
asked by the caller (`bot.slack.look_up`, before the flow runs) and its answers are passed in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """What Slack says of someone picked in a form (users.info)."""

    user_id: str
    found: bool = True
    is_bot: bool = False
    deleted: bool = False
    tz: str | None = None
    name: str | None = None  # how Slack names them (display name, else real name), for plain-text surfaces


def person_problem(person: Person | None) -> str | None:
    """Why someone picked in a form cannot be used, or None. Unknown to Slack is refused; a person
    Slack could not answer for (None: a 5xx or a timeout) is let through rather than refused on a guess."""
    if person is None:
        return None
    if not person.found or person.deleted:
        return "That account is not an active member of this workspace."
    if person.is_bot:
        return "That is a bot; choose a person."
    return None

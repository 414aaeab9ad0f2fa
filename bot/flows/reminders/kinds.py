"""What the engine needs to know about each kind of nudge.

A kind answers, for a batch of its nudges and with a fixed number of queries however large the
batch: which are still wanted (the thing it nags about may be done), which have gone stale, and
what each message says. The flows load what a message is about; the words and blocks come from the
builders `bot.ui.reminder_messages` registers here by kind name, so no flow imports ui. Every process
that sends reminders imports that module first (`create_app`, the `sweep` and `clock` commands).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.models import Nudge
from bot.playbook import Playbook


@dataclass(frozen=True)
class Rendered:
    text: str
    blocks: list[dict]


Builder = Callable[..., tuple[str, list[dict]]]
_MESSAGES: dict[str, Builder] = {}
_CONTROLS: list[Callable[[Rendered, Nudge, NudgeKind], Rendered]] = []


def register_messages(builders: dict[str, Builder], controls: Callable[[Rendered, Nudge, NudgeKind], Rendered]) -> None:
    """Called once, by bot.ui.reminder_messages at import: each kind's message, and the Snooze/Stop controls."""
    _MESSAGES.update(builders)
    _CONTROLS[:] = [controls]


def message(kind: str, *about) -> Rendered:
    """Kind `kind`'s message about `about` (the arguments its builder takes)."""
    if kind not in _MESSAGES:
        raise LookupError(f"no message for reminder kind {kind!r}: import bot.ui.reminder_messages first")
    return Rendered(*_MESSAGES[kind](*about))


def with_controls(rendered: Rendered, nudge: Nudge, kind: NudgeKind) -> Rendered:
    if not _CONTROLS:
        raise LookupError("no reminder controls registered: import bot.ui.reminder_messages first")
    return _CONTROLS[0](rendered, nudge, kind)


@dataclass(frozen=True)
class NudgeKind:
    name: str
    label: str  # what "Stop these" stops, e.g. "approval reminders for this requisition"
    wanted: Callable[[Session, list[Nudge]], set[int]]
    render: Callable[[Session, Playbook, list[Nudge]], dict[int, Rendered]]
    stoppable: bool = True
    snoozable: bool = True
    # When it stops making sense: more than `max_late` past its intended time (the clock was down),
    # or superseded by something newer ({nudge id: why}, e.g. a later check-in has opened). The sweep
    # drops such rows with the reason instead of sending them.
    max_late: timedelta | None = None
    superseded: Callable[[Session, Playbook, list[Nudge], datetime], dict[int, str]] | None = None

"""What the worker needs to know about each kind of reminder.

A kind answers, for a batch of its reminders and with a fixed number of queries however large the
batch: which are still wanted (the thing it nags about may be done), which have gone stale, and what
each message is about (`load`: an `About`, the arguments of the kind's message builder). The words and
Block Kit are the builders of `bot.ui.nudge_messages`; the worker is handed both, as one table
(`bot.worker.table.KindTable`), when a process starts (`bot.runtime.build_worker`). No flow imports ui,
and nothing is registered at import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.models import Nudge
from bot.playbook import Playbook

METADATA_EVENT = "ml_hiring_nudge"  # chat.postMessage metadata event_type naming the nudge its message is for


@dataclass(frozen=True)
class Rendered:
    text: str
    blocks: list[dict]


@dataclass(frozen=True)
class About:
    """What one reminder's message is about: its kind and the arguments that kind's builder takes."""

    kind: str
    args: tuple


def about(kind: str, *args) -> About:
    return About(kind, args)


@dataclass(frozen=True)
class NudgeKind:
    name: str
    label: str  # what "Stop these" stops, e.g. "approval reminders for this requisition"
    wanted: Callable[[Session, list[Nudge]], set[int]]
    load: Callable[[Session, Playbook, list[Nudge]], dict[int, About]]
    stoppable: bool = True
    snoozable: bool = True
    # When it stops making sense: more than `max_late` past its intended time (the clock was down),
    # or superseded by something newer ({nudge id: why}, e.g. a later check-in has opened). The worker
    # drops such rows with the reason instead of sending them.
    max_late: timedelta | None = None
    superseded: Callable[[Session, Playbook, list[Nudge], datetime], dict[int, str]] | None = None

"""What the engine needs to know about each kind of nudge.

A kind answers, for a batch of its nudges and with a fixed number of queries however large the
batch: which are still wanted (the thing it nags about may be done), which have gone stale, and
what each message says.
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

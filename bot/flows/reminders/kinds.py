"""What the engine needs to know about each kind of nudge.

A kind answers two questions for a batch of its nudges, each with a fixed number of queries
however large the batch: which are still wanted (the thing it nags about may be done), and
what each message says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

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

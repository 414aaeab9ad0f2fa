"""One pass over due reminders, as of `now`.

Reminders are rows with a due time (principle 3 of the design notes). No flow schedules any
yet: the reminder engine, with its nudge table, claiming and sending, is its own issue. Until
then a sweep finds nothing due and reports zero of everything, so the clock process and the
`sweep` command already run and exit cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from slack_sdk import WebClient


@dataclass(frozen=True)
class SweepResult:
    sent: int = 0
    deferred: int = 0
    cancelled: int = 0
    failed: int = 0

    def lines(self) -> list[str]:
        return [f"sent {self.sent}", f"deferred {self.deferred}", f"cancelled {self.cancelled}",
                f"failed {self.failed}"]


def sweep(session_factory: sessionmaker[Session], client: WebClient, now: datetime, *, dry_run: bool = False) -> SweepResult:
    if now.tzinfo is None:
        raise ValueError("sweep needs an aware `now`")
    return SweepResult()

"""What a sweep is configured with, what it reports, and what it decides per claimed row (the retry
policy is bot.worker.delivery.RetryPolicy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.models import Nudge


@dataclass(frozen=True)
class SweepConfig:
    batch_size: int = 200
    lease: timedelta = timedelta(minutes=5)
    max_batches: int = 100
    send_threads: int | None = None  # None: the SEND_THREADS setting


@dataclass
class SweepResult:
    sent: int = 0
    deferred: int = 0
    cancelled: int = 0
    failed: int = 0
    handed_back: int = 0  # claimed but not tried before the lease ran short
    deleted: int = 0  # sent and cancelled rows past the retention period
    expired: int = 0  # offers past their expiry date, expired by this sweep
    joined: int = 0  # new hires found in Slack by their email (their onboarding can start)
    chores: dict[str, int] = field(default_factory=dict)  # what chores without a count of their own did
    paused: str | None = None  # Slack refused the token (its error): delivery is paused, every row kept

    def lines(self) -> list[str]:
        return [
            f"sent {self.sent}",
            f"deferred {self.deferred}",
            f"cancelled {self.cancelled}",
            f"failed {self.failed}",
        ]

    def add(self, other: SweepResult) -> None:
        for name, value in other.__dict__.items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        for name, value in other.chores.items():
            self.chores[name] = self.chores.get(name, 0) + value
        self.paused = self.paused or other.paused


@dataclass
class Claim:
    nudge: Nudge
    previous_claim: datetime | None  # set when a lease ran out: the earlier sweep may have sent it


@dataclass
class Batch:
    """What happened to each claimed row; becomes one UPDATE per row, executed as one statement."""

    changes: dict[int, dict] = field(default_factory=dict)
    nudges: dict[int, Nudge] = field(default_factory=dict)
    failed: list[Nudge] = field(default_factory=list)
    result: SweepResult = field(default_factory=SweepResult)

    def set(self, nudge: Nudge, **values) -> None:
        self.nudges[nudge.id] = nudge
        self.changes.setdefault(nudge.id, {}).update(values)

    def merge(self, other: Batch) -> None:
        for nudge_id, values in other.changes.items():
            self.set(other.nudges[nudge_id], **values)
        self.failed.extend(other.failed)
        self.result.add(other.result)

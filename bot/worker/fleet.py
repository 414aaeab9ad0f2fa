"""The reminder worker for every installed workspace (OAuth mode): one `Worker` per workspace, each with its
own installation's client, its own settings and its own token-refused pause, driven fairly.

Fair claiming: a sweep goes round the workspaces that have reminders due, one batch (SweepConfig.batch_size)
from each per round, until none has any left or `max_batches` rounds have run. So a flood of due reminders
in one workspace, or Slack rate-limiting it (its batch hands the rest back), delays another workspace's
reminders by at most one batch of each busy workspace per round, never by the whole backlog. A workspace
whose token Slack refuses pauses alone (bot.nudges.pause, per workspace); a workspace that left
(app_uninstalled, tokens_revoked) is not served at all.
Any number of clock processes may run this at once: each batch is claimed as the single-workspace worker
claims it (SKIP LOCKED on PostgreSQL), so each reminder is still sent once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import tenancy
from bot.models import Nudge
from bot.models.reminders import IS_ACTIVE
from bot.worker.chores import Chore
from bot.worker.claiming import lease_owner
from bot.worker.engine import Worker
from bot.worker.outcomes import SweepConfig, SweepResult
from bot.worker.refusal import TokenRefused

log = logging.getLogger(__name__)

AHEAD = timedelta(days=1)  # a workspace with reminders due within this is served (zones are confirmed a day ahead)


class Fleet:
    def __init__(
        self,
        factory: sessionmaker[Session],
        installations,
        make_worker: Callable[[sessionmaker[Session], WebClient], Worker],
        chores: tuple[Chore, ...],
        config: SweepConfig | None = None,
    ):
        self.factory = factory
        self.installations = installations  # bot.installs.Installations (or a test's double of its two methods)
        self.make_worker = make_worker
        self.chores = chores
        self.config = config or SweepConfig()
        self._workers: dict[str, Worker] = {}

    def worker(self, key: str) -> Worker | None:
        """Workspace `key`'s worker with its installation's client, or None when it has no working token."""
        client = self.installations.client(key)
        if client is None:
            log.warning("a workspace has no bot token: skipped", extra={"workspace": key})
            return None
        found = self._workers.get(key)
        if found is None or found.client is not client:
            found = self._workers[key] = self.make_worker(tenancy.scoped(self.factory, key), client)
        return found

    def with_work(self, now: datetime) -> list[str]:
        """The workspaces served that have reminders due soon (one index read across every workspace)."""
        with tenancy.scoped(self.factory, tenancy.ALL)() as s:
            busy = set(s.scalars(select(Nudge.workspace).where(IS_ACTIVE, Nudge.due_at <= now + AHEAD).distinct()))
        return [key for key in self.installations.serving() if key in busy]

    # --- what the clock and `sweep` call, as on a single Worker ---------------------------------
    def run(self, now: datetime) -> SweepResult:
        total = SweepResult()
        for chore in (c for c in self.chores if not c.after_sending):
            total.add(self.do(chore, now))
        total.add(self.send(now))
        for chore in (c for c in self.chores if c.after_sending):
            total.add(self.do(chore, now))
        return total

    def do(self, chore: Chore, now: datetime) -> SweepResult:
        """`chore` for each workspace served; one about the whole database, once (by the first that can)."""
        total = SweepResult()
        for key in self.installations.serving():
            if (w := self.worker(key)) is not None:
                total.add(w.do(chore, now))
                if not chore.per_workspace:
                    break
        return total

    def send(self, now: datetime) -> SweepResult:
        """Round-robin over the workspaces with work: one batch each per round (see the module docstring)."""
        total, owner = SweepResult(), lease_owner()
        active: list[Worker] = []
        for key in self.with_work(now):
            if (w := self.worker(key)) is None:
                continue
            try:
                w.send_setup(now)
                active.append(w)
            except TokenRefused as refused:
                w.pause(refused, now, total)
        for _ in range(self.config.max_batches):
            still = []
            for w in active:
                try:
                    result = w.one_batch(now, owner)
                except TokenRefused as refused:
                    w.pause(refused, now, total)
                    continue
                if result is None:
                    continue
                total.add(result)
                if not result.handed_back:
                    still.append(w)
            if not (active := still):
                break
        return total

    def due(self, now: datetime) -> list[Nudge]:
        return [n for key in self.with_work(now) if (w := self.worker(key)) for n in w.due(now)]

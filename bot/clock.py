"""The clock process: APScheduler only ticks; every tick runs one sweep as of that instant."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)

SWEEP_JOB_ID = "sweep"


def build_scheduler(interval_seconds: int, tick: Callable[[datetime], object]) -> BlockingScheduler:
    """A UTC BlockingScheduler with one interval job.

    coalesce: a backlog of missed ticks runs once; max_instances 1: a slow sweep is never
    overlapped by the next tick in this process (other clock processes are safe through the
    sweep's own claiming); misfire_grace_time: a tick late by up to one interval still runs
    instead of being silently skipped (APScheduler's default grace is 1 s).
    """
    scheduler = BlockingScheduler(timezone=timezone.utc)
    scheduler.add_job(
        lambda: tick(datetime.now(timezone.utc)),
        "interval",
        seconds=interval_seconds,
        id=SWEEP_JOB_ID,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=interval_seconds,
        next_run_time=datetime.now(timezone.utc),
    )
    return scheduler


def run_forever(scheduler: BlockingScheduler) -> None:
    def stop(signum, _frame):
        log.info("clock stopping", extra={"signal": signum})
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("clock started")
    scheduler.start()

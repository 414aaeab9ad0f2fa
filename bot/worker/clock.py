"""The clock process: APScheduler runs the worker's duties, each as its own job as of the instant it fires:
sending the reminders due (every SWEEP_INTERVAL_SECONDS) and each chore (at its own interval, or with
every tick)."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)

SWEEP_JOB_ID = "reminders"


def build_scheduler(interval_seconds: int, worker) -> BlockingScheduler:
    """A UTC BlockingScheduler: one interval job sending reminders, one per chore.

    coalesce: a backlog of missed ticks runs once; max_instances 1: a slow job is never overlapped by
    its next tick in this process (other clock processes are safe through the worker's own claiming);
    misfire_grace_time: a tick late by up to one interval still runs instead of being silently skipped
    (APScheduler's default grace is 1 s).
    """
    scheduler = BlockingScheduler(timezone=timezone.utc)
    duties: list[tuple[str, float, Callable[[datetime], object]]] = [(SWEEP_JOB_ID, interval_seconds, worker.send)]
    for chore in worker.chores:
        every = chore.every.total_seconds() if chore.every else interval_seconds
        duties.append((f"chore:{chore.name}", every, lambda now, c=chore: worker.do(c, now)))
    for job_id, seconds, duty in duties:
        scheduler.add_job(
            lambda d=duty: d(datetime.now(timezone.utc)),
            "interval",
            seconds=seconds,
            id=job_id,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(seconds),
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

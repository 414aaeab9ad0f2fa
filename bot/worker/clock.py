"""The clock process: APScheduler runs the worker's duties, each as its own job as of the instant it fires:
sending the reminders due (every SWEEP_INTERVAL_SECONDS) and each chore (at its own interval, or with
every tick)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone

from apscheduler.schedulers.background import BackgroundScheduler

from bot.signals import hold_stop_signals, wait_for_stop

log = logging.getLogger(__name__)

SWEEP_JOB_ID = "reminders"


def duties(
    interval_seconds: int, worker, swept: Callable[[datetime, float], object] = lambda now, seconds: None
) -> list[tuple[str, float, Callable[[datetime], object]]]:
    """(job id, every so many seconds, what to do as of an instant): sending the reminders due, followed by
    `swept(now, seconds)` (the heartbeat and the sweep's metrics: bot.heartbeat, bot.metrics), and each chore."""

    def send(now: datetime):
        started = time.perf_counter()
        result = worker.send(now)
        swept(now, time.perf_counter() - started)
        return result

    out: list[tuple[str, float, Callable[[datetime], object]]] = [(SWEEP_JOB_ID, interval_seconds, send)]
    for chore in worker.chores:
        every = chore.every.total_seconds() if chore.every else interval_seconds
        out.append((f"chore:{chore.name}", every, lambda now, c=chore: worker.do(c, now)))
    return out


def build_scheduler(
    interval_seconds: int, worker, swept: Callable[[datetime, float], object] = lambda now, seconds: None
) -> BackgroundScheduler:
    """A UTC BackgroundScheduler running each of `duties` as its own interval job, as of the instant it fires
    (`run_forever` waits for the stop signal in the main thread).

    coalesce: a backlog of missed ticks runs once; max_instances 1: a slow job is never overlapped by
    its next tick in this process (other clock processes are safe through the worker's own claiming);
    misfire_grace_time: a tick late by up to one interval still runs instead of being silently skipped
    (APScheduler's default grace is 1 s).
    """
    scheduler = BackgroundScheduler(timezone=timezone.utc)
    for job_id, seconds, duty in duties(interval_seconds, worker, swept):
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


def run_forever(scheduler: BackgroundScheduler) -> None:
    """Run the jobs until SIGTERM or SIGINT (bot.signals: whichever thread the signal reaches)."""
    hold_stop_signals()  # before the scheduler starts its threads
    scheduler.start()
    log.info("clock started")
    received = wait_for_stop()
    log.info("clock stopping", extra={"signal": received})
    scheduler.shutdown(wait=False)

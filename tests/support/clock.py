"""Moving the injected clock through weeks of reminders without sweeping every minute."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot import tenancy
from bot.models import Nudge
from bot.models.reminders import IS_ACTIVE

MINUTE = timedelta(minutes=1)


def sweep_until(worker, clock, until: datetime, at_most: timedelta = timedelta(hours=6)) -> int:
    """Run the worker as a clock process would, up to `until`: at every instant a reminder falls due (so
    each goes out exactly when a minute-by-minute clock would send it), and at least every `at_most` (so
    the chores — the digest's rows, offer expiry, look-ups — run as they would between reminders).
    Returns how many sweeps ran."""
    sweeps = 0
    while clock.now < until:
        with tenancy.scoped(worker.factory, tenancy.ALL)() as s:  # every workspace the worker (or fleet) serves
            earliest = s.scalar(select(func.min(Nudge.due_at)).where(IS_ACTIVE))
        step = clock.now + at_most
        if earliest is not None:
            step = min(step, max(earliest, clock.now + MINUTE))  # a row still due now is retried a minute on
        clock.now = min(step, until)
        worker.run(clock.now)
        sweeps += 1
    return sweeps

"""Running sweeps (or anything) at the same instant in threads, as two clock processes would."""

from __future__ import annotations

import threading
from collections.abc import Callable


def at_once(calls: list[Callable[[], object]], timeout: float = 60) -> list[object]:
    """Start every call together (a barrier) and return their results; any exception is raised here."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert errors == [], errors
    assert len(results) == len(calls), "a call did not finish in time"
    return results

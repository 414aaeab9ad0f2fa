"""Event work off the threads that acknowledge commands and clicks.

Bolt acknowledges an event at once and runs its listener on the same small pool that runs command and
interaction listeners until they acknowledge. An App Home publish waits on Slack (views.publish), so a
burst of App Home opens would hold that pool while commands wait for a thread and miss Slack's 3 seconds.
Event listeners therefore hand their work to this bounded pool of its own (EVENT_THREADS per worker).

Repeated work for one key is coalesced: while the work for a key is waiting for a thread, a new request
for it is already covered (the work reads the database when it runs); while it runs, one more run is
queued behind it, so the last request's state is always published. A person who opens the Home tab
twenty times in a second gets at most two publishes, and the pool's queue never holds more than one
entry per key.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor

log = logging.getLogger(__name__)

_WAITING, _RUNNING, _AGAIN = "waiting", "running", "again"


class Coalescer:
    def __init__(self, executor: Executor):
        self.executor = executor
        self._lock = threading.Lock()
        self._state: dict[tuple[str, str], str] = {}
        self._work: dict[tuple[str, str], Callable[[], object]] = {}

    def submit(self, key: tuple[str, str], work: Callable[[], object]) -> bool:
        """Run `work` soon; False when an earlier request for `key` already covers it."""
        with self._lock:
            self._work[key] = work  # the newest closure is the one that runs
            state = self._state.get(key)
            if state in (_WAITING, _AGAIN):
                return False
            if state == _RUNNING:
                self._state[key] = _AGAIN
                return True
            self._state[key] = _WAITING
        self.executor.submit(self._run, key)
        return True

    def _run(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._state[key] = _RUNNING
            work = self._work[key]
        try:
            work()
        except Exception as exc:  # logged by type only: event work may carry private text
            log.error("background work failed", extra={"work": key[0], "error": type(exc).__name__})
        finally:
            with self._lock:
                again = self._state.get(key) == _AGAIN
                if again:
                    self._state[key] = _WAITING
                else:
                    del self._state[key]
                    self._work.pop(key, None)
            if again:
                self._resubmit(key)

    def _resubmit(self, key: tuple[str, str]) -> None:
        try:
            self.executor.submit(self._run, key)
        except RuntimeError:  # the pool is shutting down (the worker is stopping): the rerun is dropped
            with self._lock:
                self._state.pop(key, None)
                self._work.pop(key, None)

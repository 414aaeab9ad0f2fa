"""Stopping on SIGTERM and SIGINT, whichever thread the kernel hands the signal to.

A process-wide signal goes to any thread that does not block it. Python runs its handler in the main thread
only, and a main thread asleep (`time.sleep`, a lock or event wait) is woken only when the signal lands on it:
one landing on a server or pool thread leaves it asleep, for an hour in the demo's case (its exit test failed
one run in six; libfaketime's calendar made it no likelier, only noticed). So the long-running processes block
the two signals before they start any thread (every thread they start inherits the mask) and wait for them
with `sigwait`, which takes the pending signal whichever thread it was sent to, with no timeout to rely on.
A process that starts child processes must not use this: children inherit a blocked mask across exec."""

from __future__ import annotations

import signal

STOP = {signal.SIGTERM, signal.SIGINT}


def hold_stop_signals() -> None:
    """Call first, before any thread starts: SIGTERM and SIGINT wait for `wait_for_stop`."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP)


def wait_for_stop() -> int:
    """Block until SIGTERM or SIGINT arrives; returns which. The signals are let through again afterwards."""
    received = signal.sigwait(STOP)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP)
    return received

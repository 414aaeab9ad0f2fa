"""Sending claimed reminders: each to its recipient's DM, several at once.

A sweep sends with a small pool (SEND_THREADS), one task per recipient: a person's reminders go out one
after the other in due order (Slack allows about one message a second per channel, and order matters to
a reader), different people's DMs in parallel, so the bound is the round trip. Exactly once still holds: each
row was claimed by this sweep alone, each send is one row, and every outcome is recorded by the sweep's
one conditional UPDATE per batch. Each send works on its own `Batch`, merged in claim order afterwards,
so no state is shared between threads. Once Slack refuses the token, sends not yet started give their
row back untouched (no attempt counted) and the sweep pauses delivery.
"""

from __future__ import annotations

import logging
import threading
import time as monotonic_time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.models import Nudge, NudgeStatus
from bot.nudges.kinds import METADATA_EVENT, Rendered
from bot.nudges.rows import is_channel
from bot.worker.outcomes import Batch, Claim, SweepConfig
from bot.worker.refusal import AUTH_ERRORS, TokenRefused

log = logging.getLogger("bot.worker")

TRANSIENT_ERRORS = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"})


@dataclass(frozen=True)
class RetryPolicy:
    """What a failed send does next. A 429 waits Slack's Retry-After (no attempt counted); a transient
    failure (5xx, one of `transient`, a dropped connection) waits `backoff`, doubling up to `max_backoff`,
    and fails the row at `max_attempts` (admins are told); any other refusal fails the row at once."""

    max_attempts: int = 5
    backoff: timedelta = timedelta(minutes=1)
    max_backoff: timedelta = timedelta(hours=1)
    transient: frozenset[str] = TRANSIENT_ERRORS

    def is_transient(self, status: int, error: str) -> bool:
        return status >= 500 or error in self.transient

    def wait(self, attempts: int) -> timedelta | None:
        """How long to wait after the `attempts`-th failed attempt; None: give up."""
        if attempts >= self.max_attempts:
            return None
        return min(self.backoff * 2 ** (attempts - 1), self.max_backoff)


class Delivery:
    def __init__(self, client: WebClient, config: SweepConfig, retry: RetryPolicy, threads: int):
        self.client = client
        self.config = config
        self.retry = retry
        self.threads = threads

    def send_all(self, outgoing: list[tuple[Claim, Rendered]], now: datetime, batch: Batch) -> None:
        """Send every message, at most `threads` at a time; outcomes merged into `batch` in claim order.
        Raises TokenRefused (after merging what was settled) when Slack refused the token."""
        deadline = monotonic_time.monotonic() + (self.config.lease / 2).total_seconds()
        refused = threading.Event()

        def one_person(messages: list[tuple[Claim, Rendered]]) -> Batch:
            own = Batch()
            for claim, message in messages:
                if refused.is_set():
                    continue  # left unsettled: the sweep gives it back as it was
                if monotonic_time.monotonic() > deadline:
                    # running out of lease: hand it back rather than risk a second sender
                    own.set(claim.nudge, status=NudgeStatus.PENDING.value, due_at=now)
                    own.result.handed_back += 1
                    continue
                try:
                    self.deliver(claim, message, now, own)
                except TokenRefused:
                    refused.set()
                    raise
            return own

        by_person: dict[str, list[tuple[Claim, Rendered]]] = {}
        for claim, message in outgoing:
            by_person.setdefault(claim.nudge.recipient_id, []).append((claim, message))
        error: TokenRefused | None = None
        workers = max(1, min(self.threads, len(by_person)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="send") as pool:
            for future in [pool.submit(one_person, group) for group in by_person.values()]:
                try:
                    batch.merge(future.result())
                except TokenRefused as exc:
                    error = error or exc
        if error is not None:
            raise error

    def deliver(self, claim: Claim, message: Rendered, now: datetime, batch: Batch) -> None:
        n = claim.nudge
        try:
            if claim.previous_claim is not None:
                found = self._already_sent(n, claim.previous_claim)
                if found:
                    self.sent(batch, n, *found, now)
                    return
            response = self.client.chat_postMessage(
                channel=n.recipient_id,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"nudge_id": n.id}},
            )
            self.sent(batch, n, response["channel"], response["ts"], now)
        except SlackApiError as exc:
            status = exc.response.status_code
            error = str(exc.response.get("error") or f"HTTP {status}")
            if error in AUTH_ERRORS:
                raise TokenRefused(error) from None
            if status == 429:
                retry_after = int(exc.response.headers.get("Retry-After", 60) or 60)
                batch.set(
                    n,
                    status=NudgeStatus.PENDING.value,
                    due_at=now + timedelta(seconds=retry_after),
                    last_error=f"rate limited; retry after {retry_after} s",
                )
                batch.result.deferred += 1
            elif self.retry.is_transient(status, error):
                self.retry_later(batch, n, error, now)
            else:
                self.fail(batch, n, error, now)
        except (URLError, OSError) as exc:  # connection refused, reset, timed out
            self.retry_later(batch, n, f"connection error: {exc}", now)

    def _already_sent(self, n: Nudge, since: datetime) -> tuple[str, str] | None:
        """Find this nudge's message in the recipient's DM, or its channel (the metadata names it)."""
        if is_channel(n.recipient_id):
            channel = n.recipient_id
        else:
            channel = self.client.conversations_open(users=n.recipient_id)["channel"]["id"]
        oldest = (since - timedelta(minutes=1)).timestamp()
        history = self.client.conversations_history(
            channel=channel, oldest=f"{oldest:.6f}", include_all_metadata=True, limit=200
        )
        for message in history.get("messages") or []:
            metadata = message.get("metadata") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT
                and (metadata.get("event_payload") or {}).get("nudge_id") == n.id
            ):
                return channel, message["ts"]
        return None

    def sent(self, batch: Batch, n: Nudge, channel: str, ts: str, now: datetime) -> None:
        batch.set(n, status=NudgeStatus.SENT.value, channel_id=channel, message_ts=ts, sent_at=now, last_error=None)
        batch.result.sent += 1

    def retry_later(self, batch: Batch, n: Nudge, error: str, now: datetime) -> None:
        attempts = n.attempts + 1
        wait = self.retry.wait(attempts)
        if wait is None:
            self.fail(batch, n, f"{error} (after {attempts} attempts)", now, attempts=attempts)
            return
        batch.set(n, status=NudgeStatus.PENDING.value, due_at=now + wait, attempts=attempts, last_error=error)
        batch.result.deferred += 1

    def fail(self, batch: Batch, n: Nudge, error: str, now: datetime, attempts: int | None = None) -> None:
        batch.set(n, status=NudgeStatus.FAILED.value, last_error=error, attempts=attempts or n.attempts)
        batch.failed.append(n)
        batch.result.failed += 1
        log.error("nudge failed", extra={"nudge_id": n.id, "kind": n.kind, "recipient": n.recipient_id, "error": error})

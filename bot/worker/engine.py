"""The reminder worker's engine: `Worker.run(now)` does its chores, then claims due reminders, re-checks
them, sends them and records what happened.

Safe with several sweeps at once (clock processes overlapping during a deploy):
- Claiming is one short transaction per batch (bot.worker.claiming): rows another sweep holds are
  skipped, and the rows taken are marked `sending` with a lease.
- Sending happens outside any transaction, a few at once (bot.worker.delivery). Every
  message carries metadata naming its nudge, so a sweep that takes over a row whose lease ran
  out first looks in the recipient's DM for that message: if the earlier sweep died after Slack
  accepted it, the row is marked sent, not sent again.
- Results are recorded with a conditional UPDATE (still ours, still sending), in one statement
  per batch.
What to do after a failed send is the RetryPolicy it is handed; a row that fails for good is told
to each admin once (through the engine itself).
Nothing is sent outside the recipient's working hours: a row found due at the wrong moment
(the clock was down over a weekend, the person set quiet hours) is moved, not sent.
The engine knows no flow: it is handed the table of reminder kinds (bot.worker.table), the chores
(bot.worker.chores) and the retry policy by `bot.runtime.build_worker`. Besides the front door
(bot.requests), this package is the only code that commits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, bindparam, update
from sqlalchemy.orm import Session, sessionmaker

from bot import metrics
from bot.config import Settings
from bot.models import Nudge, NudgeStatus
from bot.models.reminders import STALE_PREFIX
from bot.nudges import pause, rows
from bot.nudges.alerts import schedule_alerts
from bot.nudges.kinds import Rendered
from bot.nudges.timing import intended, next_working_moment
from bot.playbook import Playbook
from bot.worker import claiming, zones
from bot.worker.chores import Chore, Setting
from bot.worker.claiming import due_rows, lease_owner
from bot.worker.delivery import Delivery, RetryPolicy
from bot.worker.outcomes import Batch, Claim, SweepConfig, SweepResult
from bot.worker.refusal import TokenRefused
from bot.worker.table import KindTable

log = logging.getLogger(__name__)


ON_TIME = timedelta(minutes=1)  # a row is sent if the recipient's next working moment is within this


def isolated(session: Session, group: list[Nudge], call, broken: dict[int, str], empty):
    """`call(group)`; when it raises, row by row, so only the rows that raise are marked broken (with the
    exception's type: its message could quote private detail)."""
    try:
        return call(group)
    except Exception:
        session.rollback()
    out = empty
    for n in group:
        try:
            out |= call([n])
        except Exception as exc:
            session.rollback()
            broken[n.id] = type(exc).__name__
            log.error(
                "a reminder could not be prepared",
                extra={"nudge_id": n.id, "kind": n.kind, "error": type(exc).__name__},
            )
    return out


OUTCOME = {"sent": "sent", "failed": "failed", "cancelled": "dropped", "pending": "deferred"}


def count_outcomes(claims: list[Claim], batch: Batch) -> None:
    """bot.metrics: the claimed rows as due, by kind, and what became of each as recorded."""
    counts: dict[tuple[str, str], int] = {}
    for claim in claims:
        kind = claim.nudge.kind
        counts[kind, "due"] = counts.get((kind, "due"), 0) + 1
        status = batch.changes.get(claim.nudge.id, {}).get("status")
        if result := OUTCOME.get(getattr(status, "value", status)):
            counts[kind, result] = counts.get((kind, result), 0) + 1
    for (kind, result), count in counts.items():
        metrics.reminders(kind, result, count)


def one_of_each(ready: list[Claim], batch: Batch) -> list[Claim]:
    """Reminders that would say the same thing to one person (one kind, one subject, the same detail: a role, a
    check-in day) and meet in a batch (after a weekend, an outage, a clock that stopped for days) go out as one,
    the latest due: the others are cancelled as replaced by it. Nobody gets the same message twice at one moment
    (two weekly overdue lists, two scorecard reminders); a manager who is also the buddy still gets both lists."""
    latest: dict[tuple, Claim] = {}
    for claim in sorted(ready, key=lambda c: (c.nudge.due_at, c.nudge.id)):
        n = claim.nudge
        said = json.dumps(n.detail or {}, sort_keys=True, default=str)
        latest[(n.recipient_id, n.kind, n.subject_type, n.subject_id, said)] = claim
    keep = {id(c) for c in latest.values()}
    for claim in ready:
        if id(claim) not in keep:
            batch.set(claim.nudge, status=NudgeStatus.CANCELLED.value, last_error="replaced by a later one of its kind")
            batch.result.cancelled += 1
    return [c for c in ready if id(c) in keep]


def _is_sqlite(factory: sessionmaker[Session]) -> bool:
    bind = factory.kw.get("bind")
    return isinstance(bind, Engine) and bind.dialect.name == "sqlite"


class Worker:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        client: WebClient,
        settings: Settings,
        playbook: Playbook,
        *,
        kinds: KindTable,
        chores: Sequence[Chore] = (),
        retry: RetryPolicy | None = None,
        config: SweepConfig | None = None,
        in_force: Callable[[sessionmaker[Session], Settings], Settings] | None = None,
    ):
        self.factory = session_factory
        self.client = client
        self.base = settings  # the environment's; what admins saved in Slack is read at each run
        self.settings = settings
        self.playbook = playbook
        self.kinds = kinds
        self.chores = tuple(chores)
        self.in_force = in_force or (lambda factory, base: base)  # what admins saved in Slack, read per run
        self.config = config = config or SweepConfig()
        self.calendar = rows.work_calendar(settings)
        self.sqlite = _is_sqlite(session_factory)
        self.delivery = Delivery(
            client,
            config,
            retry or RetryPolicy(max_attempts=settings.nudge_max_attempts),
            config.send_threads or settings.send_threads,
        )

    # --- the run ------------------------------------------------------------------------
    def run(self, now: datetime) -> SweepResult:
        """Everything once, as of `now`: the chores, the reminders due, then the chores that come after
        (what the `sweep` command and the tests run; the clock runs each on its own schedule)."""
        total = SweepResult()
        self._load_settings(now)  # once for the whole run
        for chore in (c for c in self.chores if not c.after_sending):
            total.add(self._do(chore, now))
        total.add(self._send(now))
        for chore in (c for c in self.chores if c.after_sending):
            total.add(self._do(chore, now))
        if any(v for k, v in total.__dict__.items() if k != "paused"):
            log.info("sweep done", extra={"now": now.isoformat(), **total.__dict__})
        return total

    def do(self, chore: Chore, now: datetime) -> SweepResult:
        """One chore as of `now`, its count in the result; a refused token pauses delivery as sending does."""
        self._load_settings(now)
        return self._do(chore, now)

    def _do(self, chore: Chore, now: datetime) -> SweepResult:
        result = SweepResult()
        try:
            count = chore.run(Setting(self.factory, self.client, self.settings, now, self.playbook))
        except TokenRefused as refused:
            self.pause(refused, now, result)
            return result
        if isinstance(getattr(result, chore.name, None), int):
            setattr(result, chore.name, count)
        else:
            result.chores[chore.name] = count
        return result

    def send(self, now: datetime) -> SweepResult:
        """Claim what is due at `now`, batch by batch, and send it."""
        self._load_settings(now)
        return self._send(now)

    def _send(self, now: datetime) -> SweepResult:
        owner = lease_owner()
        total = SweepResult()
        try:
            self.start_sending(now)
            for _ in range(self.config.max_batches):
                result = self.one_batch(now, owner)
                if result is None:
                    break
                total.add(result)
                if result.handed_back:  # Slack is slow: leave the rest to the next sweep
                    break
        except TokenRefused as refused:
            self.pause(refused, now, total)
        return total

    def send_setup(self, now: datetime) -> None:
        """What a sweep does before claiming (bot.worker.fleet drives the batches itself)."""
        self._load_settings(now)
        self.start_sending(now)

    def start_sending(self, now: datetime) -> None:
        """Before a sweep's batches: end a pause if the token works again, confirm zones. Raises TokenRefused."""
        self._resume_if_token_works(now)
        self.confirm_zones(now)

    def one_batch(self, now: datetime, owner: str) -> SweepResult | None:
        """Claim one batch and send it; None when nothing is due. Raises TokenRefused."""
        claimed = self.claim(now, owner)
        return self.process(claimed, now, owner) if claimed else None

    def _load_settings(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("the worker needs an aware `now`")
        self.settings = self.in_force(self.factory, self.base)
        self.calendar = rows.work_calendar(self.settings)

    def pause(self, refused: TokenRefused, now: datetime, total: SweepResult) -> None:
        if refused.settled is not None:
            total.add(refused.settled)
        with self.factory() as s:
            pause.start(s, refused.error, now)
            s.commit()
        total.paused = refused.error

    def _resume_if_token_works(self, now: datetime) -> None:
        """While delivery is paused, ask Slack first; end the pause (admins told once) when the token works."""
        with self.factory() as s:
            if pause.open_pause(s) is None:
                return
        try:
            self.client.auth_test()
        except SlackApiError as exc:
            raise TokenRefused(str(exc.response.get("error") or "refused")) from None
        with self.factory() as s:
            pause.end(s, self.settings, now)
            s.commit()

    def due(self, now: datetime) -> list[Nudge]:
        """What a sweep at `now` would take, without claiming anything (for --dry-run)."""
        with self.factory() as s:
            return list(s.scalars(due_rows(now, self.config.batch_size * self.config.max_batches)))

    def confirm_zones(self, now: datetime) -> int:
        """Move reminders due within a day to their intent in their recipient's zone, as Slack confirms it."""
        return zones.confirm(self.factory, self.client, self.settings, self.calendar, now, self.config.batch_size)

    # --- claiming -----------------------------------------------------------------------
    def claim(self, now: datetime, owner: str) -> list[Claim]:
        return claiming.claim(
            self.factory,
            sqlite=self.sqlite,
            now=now,
            owner=owner,
            size=self.config.batch_size,
            lease=self.config.lease,
        )

    # --- one batch ----------------------------------------------------------------------
    def process(self, claims: list[Claim], now: datetime, owner: str) -> SweepResult:
        batch = Batch()
        try:
            self.delivery.send_all(self._prepare(claims, now, batch), now, batch)
        except TokenRefused as refused:
            # not these reminders' fault: every row not yet settled goes back as it was, no attempt counted
            for claim in claims:
                if "status" not in batch.changes.get(claim.nudge.id, {}):
                    batch.set(claim.nudge, status=NudgeStatus.PENDING.value, due_at=now)
            self._record(batch, now, owner)
            count_outcomes(claims, batch)
            refused.settled = batch.result
            raise
        self._record(batch, now, owner)
        count_outcomes(claims, batch)
        return batch.result

    def _prepare(self, claims: list[Claim], now: datetime, batch: Batch) -> list[tuple[Claim, Rendered]]:
        nudges = [c.nudge for c in claims]
        people = zones.recipients(self.factory, self.client, self.settings, {n.recipient_id for n in nudges}, now)
        with self.factory() as s:
            by_kind: dict[str, list[Nudge]] = {}
            for n in nudges:
                by_kind.setdefault(n.kind, []).append(n)
            broken: dict[int, str] = {}  # one bad row (a malformed detail) never stops the others
            wanted: set[int] = set()
            stale: dict[int, str] = {}
            kinds = self.kinds
            for name, group in by_kind.items():
                if name in kinds:
                    wanted |= isolated(s, group, lambda g, k=kinds[name]: k.wanted(s, g), broken, set())
                    stale |= isolated(s, group, lambda g, k=name: kinds.stale(s, self.playbook, k, g, now), broken, {})
            stopped = rows.opted_out(s, [n for n in nudges if n.kind in kinds and kinds[n.kind].stoppable])

            ready: list[Claim] = []
            for claim in claims:
                n = claim.nudge
                if n.kind not in kinds:
                    self.delivery.fail(batch, n, f"unknown nudge kind {n.kind!r}", now)
                elif n.id in broken:
                    self.delivery.fail(batch, n, f"could not be prepared ({broken[n.id]})", now)
                elif n.id in stale and n.id not in stopped:
                    batch.set(n, status=NudgeStatus.CANCELLED.value, last_error=f"{STALE_PREFIX}{stale[n.id]}")
                    batch.result.cancelled += 1
                elif n.id not in wanted or n.id in stopped:
                    batch.set(
                        n,
                        status=NudgeStatus.CANCELLED.value,
                        last_error="stopped by the recipient" if n.id in stopped else "no longer needed",
                    )
                    batch.result.cancelled += 1
                elif (moment := self._later(n, people[n.recipient_id], now)) is not None:
                    self._defer(batch, n, people[n.recipient_id], moment)
                else:
                    ready.append(claim)
            ready = one_of_each(ready, batch)
            rendered: dict[int, Rendered] = {}
            for name in by_kind:
                ready_group = [c.nudge for c in ready if c.nudge.kind == name]
                if ready_group:
                    rendered |= isolated(
                        s, ready_group, lambda g, k=name: kinds.render(s, self.playbook, k, g), broken, {}
                    )
        out = []
        for claim in ready:
            n = claim.nudge
            if n.id in broken:
                self.delivery.fail(batch, n, f"could not be rendered ({broken[n.id]})", now)
            elif n.id not in rendered:  # the subject vanished between the checks
                batch.set(n, status=NudgeStatus.CANCELLED.value, last_error="no longer needed")
                batch.result.cancelled += 1
            else:
                out.append((claim, self.kinds.with_controls(rendered[n.id], n)))
        return out

    def _later(self, n: Nudge, who: rows.Recipient, now: datetime) -> datetime | None:
        """When the row should go out instead of now (outside the person's working time), or None: now."""
        target = now
        if who.confirmed and not n.zone_confirmed:  # the real zone is known now: honour the intent
            target = max(now, intended(n, who.zone))
        moment = next_working_moment(self.calendar, target, who.zone, who.quiet)
        return moment if moment - now > ON_TIME else None

    def _defer(self, batch: Batch, n: Nudge, who: rows.Recipient, moment: datetime) -> None:
        local = moment.astimezone(who.zone)
        batch.set(
            n,
            status=NudgeStatus.PENDING.value,
            due_at=moment,
            zone_confirmed=who.confirmed,
            local_tz=who.zone.key,
            local_date=local.date(),
            local_time=local.time().replace(microsecond=0),
        )
        batch.result.deferred += 1

    # --- recording ----------------------------------------------------------------------
    def _record(self, batch: Batch, now: datetime, owner: str) -> None:
        if not batch.changes:
            return
        columns = (
            "status",
            "due_at",
            "attempts",
            "last_error",
            "channel_id",
            "message_ts",
            "sent_at",
            "zone_confirmed",
            "local_tz",
            "local_date",
            "local_time",
        )
        table = Nudge.__table__
        rows = [
            {f"v_{c}": values.get(c, getattr(batch.nudges[nudge_id], c)) for c in columns} | {"b_id": nudge_id}
            for nudge_id, values in batch.changes.items()
        ]
        with self.factory() as s:
            stmt = (
                update(table)
                .where(
                    table.c.id == bindparam("b_id"),
                    table.c.lease_owner == owner,
                    table.c.status == NudgeStatus.SENDING.value,
                )
                .values(**{c: bindparam(f"v_{c}") for c in columns}, lease_owner=None, updated_at=now)
            )
            s.connection().execute(stmt, rows)
            if batch.failed:
                schedule_alerts(s, self.settings, batch.failed, now)
            s.commit()

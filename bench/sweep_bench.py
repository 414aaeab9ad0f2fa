"""Benchmark the reminder sweep: bot-side throughput, statements per nudge, and finding due rows.

Run by hand (not part of the tests), on SQLite and on PostgreSQL:

    python -m bench.sweep_bench                                   # a SQLite file in a temp folder
    python -m bench.sweep_bench --database-url postgresql://postgres@127.0.0.1:5432/postgres

For PostgreSQL the URL names a server database to connect to; the benchmark creates and drops
its own scratch databases beside it. Slack is replaced by a client that answers at once, so the
figures are the bot's own work: claiming, re-checking, rendering and recording.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from sqlalchemy import create_engine, event, insert, select, text
from sqlalchemy.engine import make_url

from bot.config import Settings, normalise_database_url
from bot.db import make_engine, make_session_factory
from bot.migrate import upgrade
from bot.models import Nudge, Requisition
from bot.models.states import ACTIVE_NUDGE
from bot.playbook import load_playbook
from bot.runtime import build_worker
from bot.slack import build_client
from bot.tenancy import SINGLE
from bot.worker.claiming import due_rows
from bot.worker.outcomes import SweepConfig
from devtools.double_server import start_fake_slack
from devtools.slack_double import TOKEN
from tests.support.plans import explain
from tests.support.seed import analyze, insert_all, nudge_row
from tests.support.seed import history as history_rows

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)  # a Friday morning


class InstantSlack(WebClient):
    """Answers every call at once, like a Slack with no latency."""

    _ts = itertools.count(1)

    def api_call(
        self, api_method, *, http_verb="POST", files=None, data=None, params=None, json=None, headers=None, auth=None
    ):
        args = json or data or params or {}
        if api_method == "chat.postMessage":
            body = {"ok": True, "channel": "D" + args["channel"][1:], "ts": f"1764237600.{next(self._ts):06d}"}
        elif api_method == "users.info":
            body = {"ok": True, "user": {"id": args.get("user"), "tz": "UTC"}}
        else:
            body = {"ok": True}
        return SlackResponse(
            client=self, http_verb=http_verb, api_url=api_method, req_args={}, data=body, headers={}, status_code=200
        )


@contextmanager
def scratch_database(server_url: str | None):
    if not server_url:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    server_url = normalise_database_url(server_url)
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(engine, *, rows: int, due: int, requisitions: int = 1000, workspace: str = SINGLE, first: int = 1) -> None:
    """`rows` pending nudges about `requisitions` open requisitions, of which `due` are due at NOW, in
    `workspace`; requisition ids from `first` on (bench.workspaces_bench seeds many workspaces)."""
    with engine.begin() as conn:
        conn.execute(
            insert(Requisition),
            [
                dict(
                    id=i,
                    number=i - first + 1,
                    workspace=workspace,
                    hiring_manager_id=f"U{i:07d}",
                    approver_id=f"U{i:07d}",
                    specialization="nlp",
                    level="senior",
                    location="remote",
                    hiring_model="in_house",
                    headcount=1,
                    target_start=date(2027, 6, 1),
                    stage="production",
                    work="both",
                    mlops="moderate",
                    readiness_answers={},
                    readiness_yes=6,
                    readiness_total=6,
                    estimate={},
                    status="pending_approval",
                    channel_id="C1",
                    created_at=NOW,
                    updated_at=NOW,
                )
                for i in range(first, first + requisitions)
            ],
        )
        insert_all(
            conn,
            (
                nudge_row(
                    i,
                    due_at=NOW - timedelta(seconds=i) if i < due else NOW + timedelta(days=1 + i % 300),
                    status="pending",
                    people=5000,
                    subjects=requisitions,
                    prefix="bench",
                )
                | {"subject_id": first + i % requisitions}
                for i in range(rows)
            ),
            workspace=workspace,
        )
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))


def sweep_figures(url: str, *, rows: int, due: int) -> dict:
    upgrade(url)
    engine = make_engine(url)
    seed(engine, rows=rows, due=due)
    settings = Settings(slack_bot_token="xoxb-bench", database_url=url)
    sweeper = build_worker(
        make_session_factory(engine),
        InstantSlack(token="xoxb-bench"),
        settings,
        load_playbook(),
        SweepConfig(batch_size=500, max_batches=1000),
    )
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
    started = time.perf_counter()
    result = sweeper.run(NOW)
    elapsed = time.perf_counter() - started
    engine.dispose()
    assert result.sent == due, result
    return {"due": due, "seconds": elapsed, "per_second": due / elapsed, "statements_per_nudge": len(statements) / due}


def claim_figures(url: str, *, history: int, due: int, before: bool = False, runs: int = 200) -> dict:
    """The claim's p50/p99 with `history` sent and cancelled rows, 20,000 pending later and `due` due now.

    `before` rebuilds the index and query this replaced: a (status, due_at) index and an unordered
    `status IN (bound values)` claim."""
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        insert_all(conn, history_rows(history, NOW))
        insert_all(
            conn,
            (
                nudge_row(i, due_at=NOW + timedelta(hours=1 + i % 2000), status="pending", prefix="later")
                for i in range(20_000)
            ),
        )
        insert_all(
            conn, (nudge_row(i, due_at=NOW - timedelta(seconds=i), status="pending", prefix="due") for i in range(due))
        )
        if before:
            conn.execute(text("DROP INDEX ix_nudges_active_due_at"))
            conn.execute(text("CREATE INDEX ix_nudges_status_due_at ON nudges (status, due_at)"))
        analyze(conn)
    if before:
        query = (
            select(Nudge.id, Nudge.status, Nudge.claimed_at)
            .where(Nudge.status.in_(ACTIVE_NUDGE), Nudge.due_at <= NOW)
            .limit(200)
            .with_for_update(skip_locked=True)
        )
    else:
        query = due_rows(NOW, 200, Nudge.id, Nudge.status, Nudge.claimed_at).with_for_update(skip_locked=True)
    timings = []
    with engine.connect() as conn:
        for _ in range(runs):
            started = time.perf_counter()
            found = conn.execute(query).all()
            timings.append((time.perf_counter() - started) * 1000)
            conn.rollback()
        plan = explain(conn, query)
    engine.dispose()
    assert len(found) == min(due, 200), len(found)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p99": timings[int(len(timings) * 0.99) - 1],
        "plan": plan,
    }


def throughput_figures(url: str, *, due: int, sweepers: int, send_threads: int, latency: float) -> dict:
    """Reminders per second through a local Slack double that takes `latency` s per message."""
    upgrade(url)
    engine = make_engine(url)
    seed(engine, rows=due, due=due)
    fake, server = start_fake_slack()
    fake.delays["chat.postMessage"] = latency
    fake.users.update({f"U{i:07d}": {"id": f"U{i:07d}", "tz": "UTC"} for i in range(5000)})
    settings = Settings(slack_bot_token=TOKEN, database_url=url, slack_api_url=fake.url, send_threads=send_threads)
    factory = make_session_factory(engine)
    config = SweepConfig(batch_size=200, max_batches=1000)
    runners = [
        build_worker(factory, build_client(settings, background=True), settings, load_playbook(), config)
        for _ in range(sweepers)
    ]
    for r in runners:  # zones learned first, as a running clock would have
        r.confirm_zones(NOW)
    results: list = [None] * sweepers
    started = time.perf_counter()
    threads = [
        threading.Thread(target=lambda i=i, r=r: results.__setitem__(i, r.run(NOW))) for i, r in enumerate(runners)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    server.shutdown()
    engine.dispose()
    sent = sum(r.sent for r in results)
    posts = len(fake.called("chat.postMessage"))
    assert sent == due == posts, (sent, due, posts)  # every reminder once, none twice
    return {"sent": sent, "seconds": elapsed, "per_second": sent / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL; default: SQLite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--due", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("work", "claim", "throughput"), help="run one part")
    args = parser.parse_args()
    kind = "PostgreSQL" if args.database_url else "SQLite"
    if args.only in (None, "work"):
        for due in args.due:
            with scratch_database(args.database_url) as url:
                f = sweep_figures(url, rows=args.rows, due=due)
            print(
                f"{kind}: {args.rows:,} pending, {f['due']:,} due: {f['per_second']:,.0f} nudges/s of bot-side work "
                f"({f['seconds']:.2f} s), {f['statements_per_nudge']:.3f} statements per nudge"
            )
    if args.only in (None, "claim"):
        for before in (True, False):
            for due in (0, 1_000):
                with scratch_database(args.database_url) as url:
                    f = claim_figures(url, history=args.history, due=due, before=before)
                label = "before (status, due_at)" if before else "after (partial index)"
                print(
                    f"{kind} claim, {label}: {args.history:,} history rows, {due:,} due: "
                    f"p50 {f['p50']:.3f} ms, p99 {f['p99']:.3f} ms"
                )
                for line in f["plan"]:
                    print(f"  plan: {line}")
    if args.only in (None, "throughput"):
        for sweepers, threads in ((1, 1), (1, 4), (2, 4)):
            with scratch_database(args.database_url) as url:
                f = throughput_figures(url, due=1_600, sweepers=sweepers, send_threads=threads, latency=0.02)
            print(
                f"{kind} throughput, Slack at 20 ms: {sweepers} sweeper(s), SEND_THREADS={threads}: "
                f"{f['sent']:,} sent in {f['seconds']:.1f} s, {f['per_second']:,.0f} reminders/s"
            )


if __name__ == "__main__":
    main()

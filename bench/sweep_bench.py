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
import time
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from sqlalchemy import create_engine, event, insert, select, text
from sqlalchemy.engine import make_url

from bot.config import Settings, normalise_database_url
from bot.db import make_engine, make_session_factory
from bot.flows.reminders.sweep import ACTIVE, SweepConfig, Sweeper
from bot.migrate import upgrade
from bot.models import Nudge, Requisition
from bot.playbook import load_playbook

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


def seed(engine, *, rows: int, due: int, requisitions: int = 1000) -> None:
    """`rows` pending nudges about `requisitions` open requisitions, of which `due` are due at NOW."""
    with engine.begin() as conn:
        conn.execute(
            insert(Requisition),
            [
                dict(
                    id=i,
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
                for i in range(1, requisitions + 1)
            ],
        )
        chunk = []
        for i in range(rows):
            when = NOW - timedelta(seconds=i) if i < due else NOW + timedelta(days=1 + i % 300)
            chunk.append(
                dict(
                    kind="req_approval",
                    recipient_id=f"U{i % 5000:07d}",
                    subject_type="requisition",
                    subject_id=1 + i % requisitions,
                    dedupe_key=f"bench:{i}",
                    due_at=when,
                    local_date=when.date(),
                    local_time=dtime(10),
                    local_tz="UTC",
                    zone_confirmed=True,
                    status="pending",
                    attempts=0,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            if len(chunk) == 10_000:
                conn.execute(insert(Nudge), chunk)
                chunk = []
        if chunk:
            conn.execute(insert(Nudge), chunk)
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))


def sweep_figures(url: str, *, rows: int, due: int) -> dict:
    upgrade(url)
    engine = make_engine(url)
    seed(engine, rows=rows, due=due)
    settings = Settings(slack_bot_token="xoxb-bench", database_url=url)
    sweeper = Sweeper(
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


def find_due_figures(url: str, *, rows: int, due: int) -> dict:
    upgrade(url)
    engine = make_engine(url)
    seed(engine, rows=rows, due=due)
    query = (
        select(Nudge.id, Nudge.status, Nudge.claimed_at).where(Nudge.status.in_(ACTIVE), Nudge.due_at <= NOW).limit(500)
    )  # the sweep's claim query
    timings = []
    with engine.connect() as conn:
        for _ in range(20):
            started = time.perf_counter()
            conn.execute(query).all()
            timings.append((time.perf_counter() - started) * 1000)
        compiled = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
        keyword = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
        plan = [" ".join(str(c) for c in row) for row in conn.execute(text(keyword + compiled))]
    engine.dispose()
    return {"rows": rows, "median_ms": statistics.median(timings), "max_ms": max(timings), "plan": plan}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL; default: SQLite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--due", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--lookup-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    kind = "PostgreSQL" if args.database_url else "SQLite"
    for due in args.due:
        with scratch_database(args.database_url) as url:
            f = sweep_figures(url, rows=args.rows, due=due)
        print(
            f"{kind}: {args.rows:,} pending, {f['due']:,} due: {f['per_second']:,.0f} nudges/s of bot-side work "
            f"({f['seconds']:.2f} s), {f['statements_per_nudge']:.3f} statements per nudge"
        )
    with scratch_database(args.database_url) as url:
        f = find_due_figures(url, rows=args.lookup_rows, due=10_000)
    print(
        f"{kind}: finding a batch of due rows among {f['rows']:,}: median {f['median_ms']:.2f} ms, "
        f"max {f['max_ms']:.2f} ms"
    )
    for line in f["plan"]:
        print(f"  plan: {line}")


if __name__ == "__main__":
    main()

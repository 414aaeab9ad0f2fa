"""The coordinator's console at volume: App Home with its dashboard, and `/ml-report` through the served app.

Seeds tests/support/volume.py (at scale 1: 1,000 requisitions, 10,000 candidates with 22,000 interviews and
12,000 scorecards, 500 onboardings, 200,000 reminder rows across 50 people) next to an empty database, serves
the app as in production (create_app + WSGI) against the local Slack double, and reports for an admin and a
busy hiring manager:
- App Home: the whole publish (queries, dashboard, Block Kit, views.publish), p50 / p95;
- `/ml-report pipeline`: the acknowledgement's round trip (it carries the text answer), and the charts drawn
  and uploaded after it (files.getUploadURLExternal, the upload, files.completeUploadExternal);
- the other reports' acknowledgements;
- SQL statements per request at each scale (constant is the aim: aggregates in SQL, no query per row).

    python -m bench.reports_bench                  # SQLite
    python -m bench.reports_bench --database-url postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timezone

from bench.served import serve
from bench.sweep_bench import scratch_database
from bot.db import make_engine
from bot.effects.home import publish_home
from bot.migrate import upgrade
from tests.support.volume import ADMIN, BUSY_HM, seed

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
PEOPLE = {"admin": ADMIN, "busy hiring manager": BUSY_HM}
COMMANDS = ("pipeline", "interviewers", "onboarding", "pipeline csv")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(len(ordered) * share)) - 1)]


def figures(url: str, scale: float, runs: int) -> dict[tuple[str, str], tuple[float, float, float | None, int]]:
    """{(person, request): (p50 ms, p95 ms, after-ack p50 ms or None, statements)}."""
    upgrade(url)
    engine = make_engine(url)
    if scale:
        seed(engine, scale, NOW)
    served = serve(engine, url, NOW, ADMIN)
    settings, playbook, factory, executor = served.settings, served.playbook, served.factory, served.executor
    sim, client, statements = served.sim, served.client, served.statements
    out = {}
    try:
        for label, user in PEOPLE.items():
            requests = [("App Home", None), *((f"/ml-report {c}", c) for c in COMMANDS)]
            for name, text in requests:
                acks, afters, counts = [], [], []
                for n in range(runs + 1):  # the first is a warm-up
                    before = len(statements)
                    started = time.perf_counter()
                    if text is None:
                        with factory() as db:
                            publish_home(db, client, playbook, settings, user, NOW)
                        acked = time.perf_counter()
                    else:
                        body = sim.command_body("/ml-report", text, user=user)
                        response = sim.post(body, "application/x-www-form-urlencoded", drain=False)
                        acked = time.perf_counter()
                        assert response.status == 200, response.body
                        executor.drain()  # the charts or CSV, drawn and uploaded after the ack
                    done = time.perf_counter()
                    if n:
                        acks.append((acked - started) * 1000)
                        afters.append((done - acked) * 1000)
                        counts.append(len(statements) - before)
                after = statistics.median(afters) if text else None
                out[(label, name)] = (statistics.median(acks), percentile(acks, 0.95), after, max(counts))
    finally:
        served.close()
        engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL; default: SQLite")
    parser.add_argument("--scales", type=float, nargs="+", default=[0, 0.1, 1])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    kind = "PostgreSQL" if args.database_url else "SQLite"
    results = {}
    for scale in args.scales:
        with scratch_database(args.database_url) as url:
            results[scale] = figures(url, scale, args.runs)
    print(f"{kind}: p50 / p95 ms until the answer (App Home: the whole publish; commands: the ack, which carries")
    print("the text), p50 ms of the charts or CSV after the ack, and SQL statements per request")
    header = "| person | request | " + " | ".join(f"scale {s:g}" for s in args.scales) + " |"
    print(header)
    print("|" + "---|" * (2 + len(args.scales)))
    for key in results[args.scales[0]]:
        cells = []
        for s in args.scales:
            p50, p95, after, count = results[s][key]
            files = f", files {after:.0f}" if after is not None and after > 1 else ""
            cells.append(f"{p50:.0f} / {p95:.0f}{files} ({count} stmts)")
        print(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

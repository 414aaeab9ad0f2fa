"""What one person's request costs as everyone else's data grows, through the served app.

Seeds the volumes of tests/support/volume.py at a baseline (the light user's own requisition only), 1× and
5×, serves the app (create_app + WSGI,
as in production) against a local Slack double, and times each request for a busy hiring manager, an
admin and a light user: App Home (the background publish: queries, Block Kit, views.publish), and the
list commands through signed HTTP requests. Reports p50/p95 and each as a ratio to the empty database,
plus the statements each request sent (constant per request is the aim).

    python -m bench.requests_bench                  # SQLite
    python -m bench.requests_bench --database-url postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from datetime import datetime, timezone

from bench.served import serve
from bench.sweep_bench import scratch_database
from bot.db import make_engine, refresh_statistics
from bot.effects.home import publish_home
from bot.migrate import upgrade
from tests.support.volume import ADMIN, BUSY_HM, LIGHT, seed

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
PEOPLE = {"busy hiring manager": BUSY_HM, "admin": ADMIN, "light user": LIGHT}
REQUESTS = ("App Home", "/ml-req list", "/ml-candidate list", "/ml-onboard list", "/ml-report nudges")


def figures(url: str, scale: float, runs: int) -> dict[tuple[str, str], tuple[float, float, int]]:
    upgrade(url)
    engine = make_engine(url)
    seed(engine, scale, NOW)
    with engine.begin() as conn:  # what the daily statistics chore keeps (SQLite; PostgreSQL analyzes itself)
        refresh_statistics(conn)
    engine.dispose()  # connections opened before keep their old statistics (bot.db.make_engine reopens hourly)
    served = serve(engine, url, NOW, ADMIN)
    settings, playbook, factory = served.settings, served.playbook, served.factory
    sim, client, statements = served.sim, served.client, served.statements
    listener_ms: list[float] = []  # the runner's own timing of each listener (database and Block Kit work)

    class Timings(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage() == "listener done":
                listener_ms.append(record.ms)

    requests_log = logging.getLogger("bot.requests")
    requests_log.setLevel(logging.INFO)
    requests_log.addHandler(Timings())

    def home(user: str) -> None:
        with factory() as db:
            publish_home(db, client, playbook, settings, user, NOW)

    out = {}
    try:
        for label, user in PEOPLE.items():
            for request in REQUESTS:
                if request == "App Home":
                    call = lambda u=user: home(u)  # noqa: E731
                else:
                    command, text = request.split(" ", 1)
                    call = lambda u=user, c=command, t=text: sim.command(c, t, user=u)  # noqa: E731
                call()  # warm-up
                timings, counts, inside = [], [], []
                for _ in range(runs):
                    before, logged = len(statements), len(listener_ms)
                    started = time.perf_counter()
                    call()
                    elapsed = (time.perf_counter() - started) * 1000
                    # App Home is timed whole (it runs here); a command by its listener, since the round
                    # trip adds Bolt's 10 ms ack polling and HTTP, which no data volume changes
                    inside.append(elapsed if request == "App Home" else sum(listener_ms[logged:]))
                    timings.append(elapsed)
                    counts.append(len(statements) - before)
                inside.sort()
                out[(label, request)] = (
                    statistics.median(inside),
                    inside[int(len(inside) * 0.95) - 1],
                    max(counts),
                    statistics.median(timings),
                )
    finally:
        served.close()
        engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL; default: SQLite")
    # the baseline (0.001×) holds one requisition: the light user's own, with its 10 candidates, so the
    # light user's figures compare the same own data on a database without and with everyone else's
    parser.add_argument("--scales", type=float, nargs="+", default=[0.001, 1, 5])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    kind = "PostgreSQL" if args.database_url else "SQLite"
    results = {}
    for scale in args.scales:
        with scratch_database(args.database_url) as url:
            results[scale] = figures(url, scale, args.runs)
    base = min(args.scales)
    empty = results[base]
    print(
        f"{kind}: bot-side p50 / p95 in ms (statements per request, ratio of p50 to the baseline); "
        "round-trip p50 of commands below"
    )
    print("| who | request | " + " | ".join("baseline" if s == base else f"{s:g}×" for s in args.scales) + " |")
    print("|---|---|" + "---|" * len(args.scales))
    for label in PEOPLE:
        for request in REQUESTS:
            cells = []
            for scale in args.scales:
                p50, p95, n, _ = results[scale][(label, request)]
                ratio = f", {p50 / empty[(label, request)][0]:.2f}×" if scale != base else ""
                cells.append(f"{p50:.1f} / {p95:.1f} ({n} st{ratio})")
            print(f"| {label} | {request} | " + " | ".join(cells) + " |")
    trips = [results[s][k][3] for s in args.scales for k in results[s] if k[1] != "App Home"]
    print(f"command round trips through HTTP and Bolt: median {statistics.median(trips):.1f} ms")


if __name__ == "__main__":
    main()

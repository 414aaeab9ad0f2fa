"""Benchmark one deployment serving 200 workspaces (OAuth mode's Fleet, bot.worker.fleet).

    python -m bench.workspaces_bench                                  # a SQLite file in a temp folder
    python -m bench.workspaces_bench --database-url postgresql://postgres@127.0.0.1:5432/postgres

Seeds 200 workspaces with one busy workspace's reminders spread across them (each workspace: 5 open
requisitions, 10 reminders due now among 1,000 rows), through a local Slack double that takes 20 ms per
message, and reports:
- the claim's cost per sweep: finding the workspaces with work (one index read across all) and one
  claim per workspace;
- reminders sent per second across every workspace;
- a flood: one workspace with 2,000 due while 199 others have one each: how far into the sweep the quiet
  workspaces' reminders went out (fair claiming: one batch per workspace per round).
- App Home in a busy and in a quiet workspace: one workspace holds the 1x volume of a busy company
  (tests/support/volume.py: 1,000 requisitions, 10,000 candidates, 200,000 reminders) beside 199 quiet ones
  (5 requisitions, 50 reminders each); p50/p95 of building and publishing App Home (bot.effects.home) for
  the busy workspace's busiest hiring manager, its light user, and a hiring manager of a quiet workspace.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import datetime, timezone

from sqlalchemy import select

from bench.sweep_bench import NOW, scratch_database, seed
from bot import tenancy
from bot.config import Settings, normalise_database_url
from bot.db import make_engine, make_session_factory, refresh_statistics
from bot.effects.home import publish_home
from bot.migrate import upgrade
from bot.models import Nudge
from bot.playbook import load_playbook
from bot.runtime import build_worker, chores
from bot.slack import build_client
from bot.worker.fleet import Fleet
from bot.worker.outcomes import SweepConfig
from devtools.double_server import start_fake_slack
from devtools.slack_double import TOKEN
from tests.support import volume

WORKSPACES = 200
LATENCY = 0.020
HOME_NOW = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)  # the volume's "now" (bench/requests_bench.py)
QUIET_IDS = 1_000_000  # the quiet workspaces' requisition ids, clear of the busy workspace's


class Tokens:
    """What bot.installs.Installations gives the fleet, for workspaces that all answer with the double's token."""

    def __init__(self, keys, settings):
        self.keys = list(keys)
        self.clients = {k: build_client(settings, background=True) for k in self.keys}

    def serving(self):
        return self.keys

    def client(self, key):
        return self.clients[key]


def fleet_for(url: str, keys, fake, config: SweepConfig) -> tuple[Fleet, object]:
    engine = make_engine(url)
    settings = Settings(slack_bot_token=TOKEN, database_url=url, slack_api_url=fake.url, send_threads=8)
    playbook = load_playbook()
    fleet = Fleet(
        make_session_factory(engine, None),
        Tokens(keys, settings),
        lambda scoped, client: build_worker(scoped, client, settings, playbook, config),
        chores(),
        config,
    )
    return fleet, engine


def spread(url: str, fake) -> dict:
    keys = [f"T{i:06d}" for i in range(WORKSPACES)]
    engine = make_engine(url)
    for n, key in enumerate(keys):
        seed(engine, rows=1000, due=10, requisitions=5, workspace=key, first=1 + n * 5)
    engine.dispose()
    fleet, engine = fleet_for(url, keys, fake, SweepConfig(batch_size=200, max_batches=100))
    for key in keys:  # zones learned first, as a running clock would have
        fleet.worker(key).confirm_zones(NOW)
    finding = []
    for _ in range(20):
        started = time.perf_counter()
        fleet.with_work(NOW)
        finding.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    result = fleet.send(NOW)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {
        "find_workspaces_ms": statistics.median(finding),
        "sent": result.sent,
        "seconds": elapsed,
        "per_second": result.sent / elapsed,
        "sweep_ms_per_workspace": elapsed * 1000 / WORKSPACES,
    }


def flood(url: str, fake) -> dict:
    keys = [f"T{i:06d}" for i in range(WORKSPACES)]
    engine = make_engine(url)
    seed(engine, rows=2000, due=2000, requisitions=50, workspace=keys[0], first=1)
    for n, key in enumerate(keys[1:], start=1):
        seed(engine, rows=1, due=1, requisitions=1, workspace=key, first=100 + n)
    engine.dispose()
    fleet, engine = fleet_for(url, keys, fake, SweepConfig(batch_size=50, max_batches=100))
    for key in keys:
        fleet.worker(key).confirm_zones(NOW)
    mark = len(fake.calls)
    fleet.send(NOW)
    posts = [c for c in fake.calls[mark:] if c.method == "chat.postMessage"]
    with tenancy.scoped(make_session_factory(engine, None), tenancy.ALL)() as s:
        owner = dict(s.execute(select(Nudge.id, Nudge.workspace)).all())
    order = [owner.get(nudge_of(c.params)) for c in posts]
    quiet = [i for i, key in enumerate(order) if key and key != keys[0]]
    engine.dispose()
    return {
        "posts": len(posts),
        "quiet_sent": len(quiet),
        "last_quiet_position": (max(quiet) + 1) if quiet else None,
        "busy_before_last_quiet": sum(1 for key in order[: max(quiet) + 1] if key == keys[0]) if quiet else None,
    }


def homes(url: str, fake, runs: int = 40) -> dict:
    busy, quiet = "T0BUSY", [f"T{i:06d}" for i in range(1, WORKSPACES)]
    engine = make_engine(url)
    volume.seed(engine, 1, HOME_NOW, workspace=busy)
    for n, key in enumerate(quiet):
        seed(engine, rows=50, due=0, requisitions=5, workspace=key, first=QUIET_IDS + n * 5)
    with engine.begin() as conn:  # what the daily statistics chore keeps (SQLite; PostgreSQL analyzes itself)
        refresh_statistics(conn)
    engine.dispose()  # connections opened before keep their old statistics (bot.db.make_engine reopens hourly)
    settings = Settings(
        slack_bot_token=TOKEN, database_url=url, slack_api_url=fake.url, bot_admins=frozenset({volume.ADMIN})
    )
    client, playbook, factory = build_client(settings), load_playbook(), make_session_factory(engine, None)
    middle = quiet[len(quiet) // 2]
    people = {
        "busy workspace, busiest hiring manager": (busy, volume.BUSY_HM),
        "busy workspace, light user": (busy, volume.LIGHT),
        "quiet workspace, hiring manager": (middle, f"U{QUIET_IDS + quiet.index(middle) * 5:07d}"),
    }
    out = {}
    for label, (key, user) in people.items():
        scoped = tenancy.scoped(factory, key)
        timings = []
        for run in range(runs + 1):
            started = time.perf_counter()
            with scoped() as db:
                publish_home(db, client, playbook, settings, user, HOME_NOW)
            if run:  # the first is a warm-up
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        out[label] = f"p50 {statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms"
    engine.dispose()
    return out


def nudge_of(params: dict) -> int:
    metadata = params.get("metadata") or {}
    metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    return int(metadata.get("event_payload", {}).get("nudge_id", 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    args = parser.parse_args()
    server_url = normalise_database_url(args.database_url) if args.database_url else None
    measures = (
        ("200 workspaces, 10 due each", spread),
        ("a flood in one of 200", flood),
        ("App Home, one busy workspace beside 199 quiet ones", homes),
    )
    for name, measure in measures:
        fake, server = start_fake_slack()
        fake.delays["chat.postMessage"] = LATENCY
        fake.users.update({f"U{i:07d}": {"id": f"U{i:07d}", "tz": "UTC"} for i in range(5000)})
        with scratch_database(server_url) as url:
            upgrade(url)
            figures = measure(url, fake)
        server.shutdown()
        print(name, {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()})


if __name__ == "__main__":
    main()

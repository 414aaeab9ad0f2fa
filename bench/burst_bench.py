"""Commands acknowledged during a burst of App Home opens, through the served app (gunicorn, 2 workers).

A local Slack double answers views.publish after 250 ms (the bot's App Home publish waits on it);
200 App Home opens (50 people, 4 each) and 30 `/ml-req list` commands arrive at once. Reported: how many
commands were acknowledged, their p50/p99, and any 404 ("didn't call ack") or other failure.

    python -m bench.burst_bench                     # SQLite
    python -m bench.burst_bench --database-url postgresql://postgres@127.0.0.1:5432/postgres
    python -m bench.burst_bench --code /path/to/an/older/checkout   # the same load against older code
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.sweep_bench import scratch_database
from devtools.double_server import start_fake_slack
from devtools.harness import SlackClientSimulator
from devtools.slack_double import TOKEN

SECRET = "bench-signing-secret"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(code: Path, url: str, slack_url: str, port: int) -> dict:
    return os.environ | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_url,
        "DATABASE_URL": url,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "8",
        "HIRING_CHANNEL": "C0HIRING",
        "BOT_ADMINS": "U0ADMIN",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(code),
    }


def serve(code: Path, url: str, slack_url: str, port: int) -> subprocess.Popen:
    """Migrate with the served code's own migrations, then serve it."""
    env = environment(code, url, slack_url, port)
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=code, env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"], cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the app did not come up")


def burst(code: Path, url: str, opens: int, commands: int) -> dict:
    fake, server = start_fake_slack()
    fake.delays["views.publish"] = 0.25
    port = free_port()
    app = serve(code, url, fake.url, port)
    sim = SlackClientSimulator(f"http://127.0.0.1:{port}", SECRET, fake.url, executor=None)
    try:

        def open_home(n: int):
            user = f"U0HOME{n % 50:03d}"
            body = sim.event_body(
                {"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home", "event_ts": f"1.{n}"},
                event_id=f"EvB{n}",
            )
            return sim.post(body, "application/json", drain=False).status, 0.0

        def command(n: int):
            body = sim.command_body("/ml-req", "list", user=f"U0CMD{n:03d}")
            started = time.perf_counter()
            status = sim.post(body, "application/x-www-form-urlencoded", drain=False).status
            return status, time.perf_counter() - started

        work = [lambda n=n: open_home(n) for n in range(opens)]
        # the commands arrive in the middle of the burst, behind the first opens
        work[opens // 4 : opens // 4] = [lambda n=n: command(n) for n in range(commands)]
        with ThreadPoolExecutor(max_workers=len(work)) as pool:
            results = list(pool.map(lambda f: f(), work))
        time.sleep(2)  # let the background publishes finish before counting them
    finally:
        app.terminate()
        app.wait(10)
        server.shutdown()
    answers = results[opens // 4 : opens // 4 + commands]
    latencies = sorted(t * 1000 for s, t in answers if s == 200)
    return {
        "acknowledged": len(latencies),
        "failed": [s for s, _ in answers if s != 200],
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] if latencies else float("nan"),
        "publishes": len(fake.called("views.publish")),
        "events_ok": sum(1 for s, _ in results[: opens // 4] + results[opens // 4 + commands :] if s == 200),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL; default: SQLite")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose bot is served")
    parser.add_argument("--opens", type=int, default=200)
    parser.add_argument("--commands", type=int, default=30)
    args = parser.parse_args()
    kind = "PostgreSQL" if args.database_url else "SQLite"
    with scratch_database(args.database_url) as url:
        f = burst(args.code.resolve(), url, args.opens, args.commands)
    print(
        f"{kind}: {args.opens} App Home opens + {args.commands} commands at once: "
        f"{f['acknowledged']}/{args.commands} commands acknowledged, p50 {f['p50']:.0f} ms, p99 {f['p99']:.0f} ms, "
        f"failures {f['failed'] or 'none'}; {f['events_ok']}/{args.opens} events answered 200; "
        f"{f['publishes']} views.publish calls"
    )


if __name__ == "__main__":
    main()

"""The front door against bare Bolt: `/ml-req` (open the requisition form) under gunicorn, side by side.

Both apps run under gunicorn with 2 gthread workers of 8 threads, against the same minimal Slack Web API
(this process: it answers at once and notes when each `views.open` arrives, by trigger_id). The bot is
`python -m bot serve` as in production (signature check, settings in force, runner, one session, logs);
the yardstick is bench/bare_bolt.py (verify, ack, `views.open` of the same view). At 1, 10 and 20
concurrent users, each sends signed `/ml-req` commands one after another. Reported, as the median of
alternating rounds: the acknowledgement (the HTTP answer) and the `views.open` (from sending the command
to Slack receiving the call), p50 and p99 in ms; the bot's p99 as a ratio to Bolt's; and each server's
CPU time per request (gunicorn and its workers, from /proc: steadier than a latency on a shared two-core
machine). The aim (issue 23): within 1.25× at every level.

    python -m bench.front_door_bench                       # SQLite in a scratch folder
    python -m bench.front_door_bench --database-url postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"


class MinimalSlack:
    """Answers every Web API call at once; notes the arrival of each views.open by its trigger_id."""

    def __init__(self) -> None:
        self.opened: dict[str, float] = {}
        slack = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                method = self.path.rsplit("/", 1)[-1]
                if method == "views.open":
                    body = raw.decode()
                    params = json.loads(body) if body.startswith("{") else dict(urllib.parse.parse_qsl(body))
                    slack.opened[params.get("trigger_id", "")] = time.perf_counter()
                    answer = {"ok": True, "view": {"id": "V0BENCH", "hash": "h"}}
                elif method == "auth.test":
                    answer = {"ok": True, "user_id": "U0BOT", "team_id": "T0BENCH", "bot_id": "B0BOT"}
                else:
                    answer = {"ok": True}
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"{what} stopped; see {tempfile.gettempdir()}/front_door_{what}.log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{what} did not start")


def start(kind: str, slack_url: str, database_url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "HIRING", "BOT_"))},
        "ENV_FILE": os.devnull,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "8",
        "LOG_LEVEL": "INFO",
    }
    if kind == "bot":
        command = [sys.executable, "-m", "bot", "serve"]
    else:
        command = [
            sys.executable, "-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", "8",
            "-b", f"127.0.0.1:{port}", "bench.bare_bolt:application",
        ]  # fmt: skip
    log = open(Path(tempfile.gettempdir()) / f"front_door_{kind}.log", "wb")  # noqa: SIM115 -- lives with the process
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    wait_up(port, process, kind)
    return process, port


def command_body(trigger: str) -> bytes:
    return urllib.parse.urlencode(
        {
            "token": "legacy",
            "team_id": "T0BENCH",
            "team_domain": "bench",
            "channel_id": "C0BENCH",
            "channel_name": "general",
            "user_id": "U0HM",
            "user_name": "hm",
            "command": "/ml-req",
            "text": "",
            "api_app_id": "A0BENCH",
            "is_enterprise_install": "false",
            "response_url": "https://hooks.slack.com/commands/T0BENCH/1/x",
            "trigger_id": trigger,
        }
    ).encode()


def send(port: int, trigger: str) -> float:
    body = command_body(trigger)
    stamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events",
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        },
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"HTTP {answer.status}")
    return time.perf_counter()


def load(port: int, slack: MinimalSlack, users: int, each: int, tag: str) -> tuple[list[float], list[float]]:
    acks: list[float] = []
    opens: list[tuple[str, float]] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        for i in range(each):
            trigger = f"{tag}.{users}.{n}.{i}"
            sent = time.perf_counter()
            acked = send(port, trigger)
            with lock:
                acks.append((acked - sent) * 1000)
                opens.append((trigger, sent))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(0.5)  # the last views.open calls land
    opened = [(slack.opened[t] - sent) * 1000 for t, sent in opens if t in slack.opened]
    if len(opened) != len(opens):
        raise RuntimeError(f"{len(opens) - len(opened)} commands never opened their form")
    return acks, opened


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children (gunicorn's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="default: SQLite in a scratch folder")
    parser.add_argument("--requests", type=int, default=400, help="commands per level (default 400)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per app (default 5)")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 20], help="concurrency levels")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env={**os.environ, "DATABASE_URL": url,
                   "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "ENV_FILE": os.devnull},
                   check=True, capture_output=True)  # fmt: skip
    slack = MinimalSlack()
    apps = {kind: start(kind, slack.url, url) for kind in ("bare", "bot")}
    try:
        for kind, (_, port) in apps.items():  # warm both: imports, connections, the first settings read
            load(port, slack, 4, 25, f"warm-{kind}")
        print(f"/ml-req under gunicorn (2 workers × 8 threads), {args.requests} commands per level, median of "
              f"{args.rounds} alternating rounds; ms")  # fmt: skip
        print(
            "| users | bare Bolt ack p50 / p99 | bot ack p50 / p99 | views.open bare p50 / p99 "
            "| views.open bot p50 / p99 | p99 ratio ack / views.open | server CPU ms per request, bare / bot |"
        )
        print("|---|---|---|---|---|---|---|")
        for users in args.users:
            each = max(1, args.requests // users)
            rounds: dict[str, list[tuple[float, float, float, float, float]]] = {"bare": [], "bot": []}
            for r in range(args.rounds):
                for kind, (process, port) in apps.items():
                    before = cpu_seconds(process.pid)
                    acks, opens = load(port, slack, users, each, f"{kind}-{r}")
                    cpu = (cpu_seconds(process.pid) - before) / len(acks) * 1000
                    rounds[kind].append((pct(acks, 50), pct(acks, 99), pct(opens, 50), pct(opens, 99), cpu))
            bare, bot = ([statistics.median(r[i] for r in rounds[kind]) for i in range(5)] for kind in ("bare", "bot"))
            print(
                f"| {users} | {bare[0]:.1f} / {bare[1]:.1f} | {bot[0]:.1f} / {bot[1]:.1f} "
                f"| {bare[2]:.1f} / {bare[3]:.1f} | {bot[2]:.1f} / {bot[3]:.1f} "
                f"| {bot[1] / bare[1]:.2f}× / {bot[3] / bare[3]:.2f}× | {bare[4]:.2f} / {bot[4]:.2f} |"
            )
    finally:
        for process, _ in apps.values():
            process.terminate()
            process.wait(10)
        slack.server.shutdown()


if __name__ == "__main__":
    main()

"""The shipped bot, run as a user runs it, against the Slack double: what .ci/run checks before any test.

    python -m devtools.smoke --bin PATH/TO/RUNTIME-VENV/bin --database-url URL [--source REPO]

The runtime venv holds only what ships (the runtime lock and the wheel: no test or development tool); this
process (the development venv) plays Slack: the double's Web API, and signed requests like Slack's servers.
Every bot process runs from a scratch directory outside the clone, as `ml-hiring-bot` from that venv:

1. `migrate` on the given database;
2. `serve` (gunicorn, two workers): /healthz answers; a signed `/ml-req` is acknowledged and its `views.open`
   reaches the double, which checks the view as Slack would; the form submitted posts the requisition to the
   hiring channel; /metrics (multiprocess) counts the requests;
3. `clock`: a reminder made due is sent to the approver's DM, the heartbeat shows on /healthz and in `status`,
   and the clock stops promptly on SIGTERM;
4. OAuth mode's `serve`: the /slack/install page links to Slack's authorize URL;
5. with `--source`, the Procfile's way: `python -m bot migrate` and `python -m bot serve` from the clone with the
   runtime venv's Python (what `pip install -r requirements.txt` and a Procfile host run).
Each step prints one line; the first failure ends the run with exit status 1 and what the bot printed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from devtools.double_server import start_fake_slack
from devtools.harness import SlackClientSimulator
from devtools.slack_double import TOKEN

SECRET = "smoke-signing-secret"
HIRING, HM, APPROVER, ADMIN = "C0SMOKEHIRE", "U0SMOKEHM", "U0SMOKEAPPR", "U0SMOKEADMIN"
METRICS = "smoke-metrics-token"


class SmokeFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def until(what: str, check, seconds: float = 30):
    """`check()`'s first truthy answer within `seconds`, or SmokeFailed naming `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if found := check():
                return found
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise SmokeFailed(f"{what}: not within {seconds:.0f} s")


def get(url: str, headers: dict | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def faked_from(at: datetime) -> dict[str, str]:
    """The environment that runs a process on libfaketime's calendar from `at` (the library itself, preloaded:
    the `faketime` command would run the bot as its child, which a signal to it does not reach)."""
    found = sorted(Path("/usr/lib").glob("*/faketime/libfaketimeMT.so.1")) + sorted(
        Path("/usr/lib/faketime").glob("libfaketimeMT.so.1")
    )
    if not found:
        raise SmokeFailed("libfaketime is not installed (Debian: apt-get install faketime)")
    return {
        "LD_PRELOAD": str(found[0]),
        "FAKETIME": f"@{at:%Y-%m-%d %H:%M:%S}",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }


class Smoke:
    def __init__(self, bindir: Path, database_url: str, source: Path | None):
        self.bindir, self.database_url, self.source = bindir, database_url, source
        self.fake, self.server = start_fake_slack()
        self.fake.users.update({u: {"id": u, "tz": "America/New_York"} for u in (HM, APPROVER, ADMIN)})
        self.fake.channels.update({HIRING: {"name": "ml-hiring"}})
        self.scratch = Path(tempfile.mkdtemp(prefix="mlhire-smoke-"))  # outside the clone: nothing of it is found
        self.metrics_dir = self.scratch / "metrics"
        self.processes: list[subprocess.Popen] = []

    def env(self, **extra: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ", "HOME")}
        return (
            keep
            | {
                "SLACK_BOT_TOKEN": TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": self.fake.url,
                "DATABASE_URL": self.database_url,
                "HIRING_CHANNEL": HIRING,
                "BOT_ADMINS": ADMIN,
                "WEB_CONCURRENCY": "2",
                "METRICS_TOKEN": METRICS,
                "PROMETHEUS_MULTIPROC_DIR": str(self.metrics_dir),
                "ENV_FILE": os.devnull,
            }
            | extra
        )

    def bot(self, *args: str) -> list[str]:
        return [str(self.bindir / "ml-hiring-bot"), *args]

    def run(self, command: list[str], env: dict, cwd: Path | None = None) -> str:
        done = subprocess.run(command, env=env, cwd=cwd or self.scratch, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise SmokeFailed(f"{' '.join(command[-2:])} exited {done.returncode}:\n{done.stdout}{done.stderr}")
        return done.stdout

    def start(self, command: list[str], env: dict, cwd: Path | None = None) -> subprocess.Popen:
        log = open(self.scratch / f"{len(self.processes)}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(command, env=env, cwd=cwd or self.scratch, stdout=log, stderr=subprocess.STDOUT)
        process.log_path = log.name  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen, within: float = 15) -> float:
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(within)
        except subprocess.TimeoutExpired:
            process.kill()
            raise SmokeFailed(f"{process.args[-1]} did not stop within {within:.0f} s of SIGTERM") from None
        return time.monotonic() - started

    def serving(self, process: subprocess.Popen, port: int) -> str:
        base = f"http://127.0.0.1:{port}"

        def healthy():
            if process.poll() is not None:
                raise SmokeFailed(f"it exited {process.returncode}:\n{Path(process.log_path).read_text()}")
            return get(base + "/healthz")[0] == 200

        until(f"/healthz on {base}", healthy)
        return base

    # --- the steps ------------------------------------------------------------------------
    def migrate(self) -> None:
        print(self.run(self.bot("migrate"), self.env()).strip())

    def serve_and_post(self) -> str:
        port = free_port()
        web = self.start(self.bot("serve"), self.env(PORT=str(port)))
        base = self.serving(web, port)
        print(f"serve: /healthz 200 on {base} (gunicorn)")
        slack = SlackClientSimulator(base, SECRET, self.fake.url, None)  # type: ignore[arg-type]
        answer = slack.post(
            slack.command_body("/ml-req", "", user=HM), "application/x-www-form-urlencoded", drain=False
        )
        if answer.status != 200:
            raise SmokeFailed(f"/ml-req answered {answer.status}: {answer.body}")
        view = until("views.open for /ml-req", lambda: (self.fake.called("views.open") or [None])[-1])["view"]
        print(f"serve: /ml-req acknowledged, views.open reached Slack ({len(view['blocks'])} blocks)")
        answer = slack.interactive(slack.submission(view, self.intake(), user=HM), drain=False)
        if answer.status != 200 or answer.body not in ("", "{}"):
            raise SmokeFailed(f"the intake form was answered {answer.status}: {answer.body}")
        post = until("the requisition's post in the hiring channel", lambda: self.fake.posts_to(HIRING))[0]
        print(f"serve: the submitted form posted to the hiring channel ({post['text'][:60]!r}...)")
        self.base, self.web = base, web
        return base

    def intake(self) -> dict:
        from bot.flows.requisition import ids
        from bot.playbook import load_playbook

        start = date.today() + timedelta(days=200)
        return {
            ids.SPECIALIZATION: "nlp",
            ids.LEVEL: "senior",
            ids.LOCATION: "high_cost_hub",
            ids.HIRING_MODEL: "in_house",
            ids.HEADCOUNT: "1",
            ids.TARGET_START: start.isoformat(),
            ids.STAGE: "production",
            ids.WORK: "both",
            ids.MLOPS: "moderate",
            ids.TOOLS: "PyTorch",
            ids.DOMAIN: "search",
            ids.APPROVER: APPROVER,
            ids.CHANNEL: HIRING,
        } | {ids.readiness_block(q.key): "yes" for q in load_playbook().readiness.questions}

    def clock_sends(self) -> None:
        """The clock sends only in the recipient's working hours on business days, and CI runs at any hour of any
        day: so the clock runs under libfaketime (`faketime`, with the real monotonic clock, which Python's timed
        waits need) from the coming Wednesday at 15:00 UTC (10:00 for the approver in New York)."""
        at = datetime.now(timezone.utc).replace(hour=15, minute=0, second=0, microsecond=0)
        at += timedelta(days=(2 - at.weekday()) % 7 or 7)
        before = self.make_reminders_due(at)
        env = self.env(SWEEP_INTERVAL_SECONDS="5", TZ="UTC") | faked_from(at)
        clock = self.start(self.bot("clock"), env)
        until("the clock's reminder to the approver", lambda: self.fake.posts_to(APPROVER)[before:], seconds=40)
        print("clock: the due reminder reached the approver's DM")

        def beat() -> dict | None:  # the heartbeat follows the sweep that sent the reminder
            report = json.loads(get(self.base + "/healthz")[1])["clock"]
            return report if report["last_sweep"] and not report["stale"] else None

        report = until("the clock's heartbeat on /healthz", beat, seconds=20)
        if not report["last_sweep"].startswith(f"{at:%Y-%m-%d}"):
            raise SmokeFailed(f"/healthz shows another sweep than the clock's: {report}")
        status = json.loads(self.run(self.bot("status"), self.env()))
        print(f"clock: heartbeat on /healthz and in `status` (last sweep {status['clock']['last_sweep']})")
        took = self.stop(clock)
        print(f"clock: stopped {took:.1f} s after SIGTERM")

    def make_reminders_due(self, at: datetime) -> int:
        """The approval reminder of the requisition just submitted, due at `at` rather than two business days after
        the submission. Returns how many posts the approver's DM already had."""
        from sqlalchemy import update

        from bot.db import make_engine
        from bot.models import Nudge

        engine = make_engine(self.database_url)
        with engine.begin() as conn:
            moved = conn.execute(
                update(Nudge)
                .where(Nudge.kind == "req_approval", Nudge.status == "pending")
                .values(due_at=at - timedelta(minutes=1))
            ).rowcount
        engine.dispose()
        if not moved:
            raise SmokeFailed("the submitted requisition scheduled no approval reminder")
        return len(self.fake.posts_to(APPROVER))

    def metrics(self) -> None:
        status, page = get(self.base + "/metrics", {"Authorization": f"Bearer {METRICS}"})
        wanted = ('mlhire_requests_total{kind="command",outcome="ok"}', 'result="sent"')
        if status != 200 or not all(w in page for w in wanted):
            raise SmokeFailed(f"/metrics answered {status} without {wanted}:\n{page[:2000]}")
        if get(self.base + "/metrics")[0] != 401:
            raise SmokeFailed("/metrics answered without the token")
        print("serve: /metrics adds up the workers' and the clock's counts, only with the token")
        print(f"serve: stopped {self.stop(self.web):.1f} s after SIGTERM")

    def oauth_install_page(self) -> None:
        port = free_port()
        env = self.env(PORT=str(port), SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="smoke-client-secret")
        del env["SLACK_BOT_TOKEN"]
        web = self.start(self.bot("serve"), env)
        base = self.serving(web, port)
        status, page = get(base + "/slack/install")
        if status != 200 or "oauth/v2/authorize" not in page or "client_id=111.222" not in page:
            raise SmokeFailed(f"/slack/install answered {status}:\n{page[:1000]}")
        print("oauth: /slack/install links to Slack's authorize page")
        self.stop(web)

    def procfile(self) -> None:
        python = str(self.bindir / "python")
        self.run([python, "-m", "bot", "migrate"], self.env(), cwd=self.source)
        port = free_port()
        web = self.start([python, "-m", "bot", "serve"], self.env(PORT=str(port)), cwd=self.source)
        self.serving(web, port)
        print("procfile: `python -m bot migrate` and `python -m bot serve` from the clone answer /healthz")
        self.stop(web)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        self.server.shutdown()
        self.server.server_close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m devtools.smoke", description=__doc__.splitlines()[0])
    p.add_argument("--bin", type=Path, required=True, help="the runtime venv's bin folder (ml-hiring-bot, python)")
    p.add_argument("--database-url", required=True)
    p.add_argument("--source", type=Path, help="a clone: also run the Procfile's `python -m bot` from it")
    args = p.parse_args(argv)
    smoke = Smoke(args.bin.resolve(), args.database_url, args.source)
    try:
        smoke.migrate()
        smoke.serve_and_post()
        smoke.clock_sends()
        smoke.metrics()
        smoke.oauth_install_page()
        if args.source:
            smoke.procfile()
        if smoke.fake.violations:
            raise SmokeFailed(f"the bot sent Slack what it would refuse: {smoke.fake.violations}")
    except SmokeFailed as failed:
        print(f"smoke FAILED: {failed}", file=sys.stderr)
        for process in smoke.processes:
            print(f"--- {' '.join(process.args[-2:])}:\n{Path(process.log_path).read_text()[-4000:]}", file=sys.stderr)
        return 1
    finally:
        smoke.close()
    print("smoke passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

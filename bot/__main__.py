"""The command line: python -m bot serve | run | socket | clock | sweep [--now ISO8601] [--dry-run] | migrate
| status [--now ISO8601]
| nudges requeue [--since ISO8601] [--now ISO8601] | workspaces | forget-workspace KEY [--now ISO8601]
| adopt-single KEY [--now ISO8601] | demo [--fresh] [--tour] [--port N]"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from bot.runtime import check_app_token_or_exit, check_slack_or_exit, database_or_exit, settings_or_exit


def parse_instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 instant: {text!r} (e.g. 2026-11-25T09:00:00Z)") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="ML hiring bot for Slack.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("serve", help="HTTP on PORT under gunicorn (POST /slack/events, GET /healthz)")
    sub.add_parser("socket", help="Socket Mode (development, firewalled installs)")
    sub.add_parser("clock", help="the APScheduler clock: one sweep every SWEEP_INTERVAL_SECONDS")
    s = sub.add_parser("sweep", help="run one sweep and exit")
    s.add_argument("--now", type=parse_instant, help="sweep as of this instant (ISO 8601; UTC if no offset)")
    s.add_argument("--dry-run", action="store_true", help="print what would be sent; change nothing")
    sub.add_parser("run", help="serve and clock together, for a single-machine install (each its own process)")
    sub.add_parser("migrate", help="bring the database schema up to date (alembic upgrade head)")
    st = sub.add_parser("status", help="the database, its schema and when the clock last swept (exit 1: look)")
    st.add_argument("--now", type=parse_instant, help="as of this instant (ISO 8601; default: the clock's now)")
    n = sub.add_parser("nudges", help="operate on reminders")
    nsub = n.add_subparsers(dest="nudges_command", required=True, metavar="ACTION")
    r = nsub.add_parser("requeue", help="put failed reminders back in the queue, due now")
    r.add_argument("--since", type=parse_instant, help="only those that failed at or after this instant")
    r.add_argument("--now", type=parse_instant, help="due as of this instant (ISO 8601; default: the clock's now)")
    sub.add_parser("workspaces", help="OAuth mode: every installed and departed workspace")
    f = sub.add_parser(
        "forget-workspace",
        help="delete a departed workspace's data (candidates' first), DEPARTED_RETENTION_DAYS after it left",
    )
    f.add_argument("workspace", help="its key: the team id (T…), or the enterprise id (E…) of an org-wide install")
    f.add_argument("--now", type=parse_instant, help="as of this instant (ISO 8601; default: the clock's now)")
    a = sub.add_parser(
        "adopt-single",
        help="OAuth mode: move the data of single-token mode to a workspace just installed through OAuth",
    )
    a.add_argument("workspace", help="its key: the team id (T…), or the enterprise id (E…) of an org-wide install")
    a.add_argument("--now", type=parse_instant, help="as of this instant (ISO 8601; default: the clock's now)")
    d = sub.add_parser("demo", help="the real bot in a local Slack-like page on 127.0.0.1 (no Slack needed)")
    d.add_argument("--fresh", action="store_true", help="start over: a new demo.sqlite3 and an empty workspace")
    d.add_argument("--tour", action="store_true", help="play the whole loop and print what each person saw")
    d.add_argument("--port", type=int, default=8765, help="the page's port (default 8765; 0: any free port)")
    d.add_argument("--data", type=Path, help="the folder for demo.sqlite3 and the workspace (default: the current one)")
    return p


def serve(settings) -> None:
    from gunicorn.app.base import BaseApplication
    from gunicorn.glogging import Logger

    from bot.logs import gunicorn_logconfig
    from bot.metrics import process_gone, share_between_processes

    share_between_processes()  # before any worker imports prometheus_client (bot.metrics)

    class WithoutAccessLog(Logger):
        """gunicorn's own logger, less the access line: given a log configuration, gunicorn works out every
        request's access fields even with no access log to write them to (5% of the front door's CPU)."""

        def access(self, resp, req, environ, request_time) -> None:
            return None

    class Gunicorn(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"0.0.0.0:{settings.port}")
            self.cfg.set("workers", settings.web_concurrency)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", settings.web_threads)
            # No access log: every Slack request already has its one JSON line from the runner (kind, ids,
            # outcome, time) and every refused one from bot.requests.web; a second line per request cost
            # the front door a few percent of its CPU (bench/front_door_bench.py).
            self.cfg.set("accesslog", None)
            self.cfg.set("logconfig_dict", gunicorn_logconfig(settings.log_level))
            self.cfg.set("logger_class", WithoutAccessLog)
            self.cfg.set("child_exit", lambda _arbiter, worker: process_gone(worker.pid))

        def load(self):
            from bot.requests.wsgi import application

            return application

    Gunicorn().run()


def run_both(settings) -> int:
    """`python -m bot run`: the clock in a child process of its own (never a thread of a web worker), restarted if
    it stops, and `serve` in this one; stopping this stops both. Both share the metrics folder, so /metrics shows
    the clock's reminders too."""
    import subprocess
    import threading

    from bot.metrics import share_between_processes

    share_between_processes()
    stopping = threading.Event()
    state: dict[str, subprocess.Popen] = {}

    def keep_clock() -> None:
        while not stopping.is_set():
            state["clock"] = subprocess.Popen([sys.executable, "-m", "bot", "clock"])
            code = state["clock"].wait()
            if not stopping.wait(10):
                print(f"warning: the clock stopped (exit status {code}); starting it again", file=sys.stderr)

    threading.Thread(target=keep_clock, name="clock-keeper", daemon=True).start()
    try:
        serve(settings)
    finally:
        stopping.set()
        if (clock := state.get("clock")) and clock.poll() is None:
            clock.terminate()
            try:
                clock.wait(15)
            except subprocess.TimeoutExpired:
                clock.kill()
    return 0


def workspace_command(args, settings) -> int:
    from bot.runtime import adopt_single, forget_workspace, list_workspaces

    if args.command == "workspaces":
        print("\n".join(list_workspaces(settings)))
        return 0
    now = args.now or datetime.now(timezone.utc)
    if args.command == "adopt-single":
        return adopt_single(settings, args.workspace, now)
    return forget_workspace(settings, args.workspace, now)


def sweep_or_clock(args, settings) -> int:
    import time

    from bot.db import make_engine
    from bot.playbook import load_playbook
    from bot.runtime import after_sweep, build_sweeper
    from bot.worker.clock import build_scheduler, run_forever

    engine = make_engine(settings.database_url)
    sweeper = build_sweeper(settings, load_playbook(settings.playbook_path), engine)
    if args.command == "clock":
        if settings.metrics_port:
            from bot.metrics import serve_on_port

            serve_on_port(settings.metrics_port, settings.metrics_address)
        run_forever(build_scheduler(settings.sweep_interval_seconds, sweeper, after_sweep(engine)))
        return 0
    if args.dry_run:
        due = sweeper.due(args.now or datetime.now(timezone.utc))
        for n in due:
            print(f"would send #{n.id} {n.kind} to {n.recipient_id} (due {n.due_at:%Y-%m-%d %H:%M} UTC, {n.status})")
        print(f"{len(due)} due; nothing changed")
        return 0
    started = time.perf_counter()
    result = sweeper.run(args.now or datetime.now(timezone.utc))
    if args.now is None:  # the clock's own kind of sweep (cron): it beats; one as of a chosen instant does not
        after_sweep(engine)(datetime.now(timezone.utc), time.perf_counter() - started)
    print("\n".join(result.lines()))
    if result.paused:
        print(
            f"error: Slack refused SLACK_BOT_TOKEN ({result.paused}): delivery is paused; every reminder "
            "is kept and goes out once the token works again.",
            file=sys.stderr,
        )
        return 1
    return 0


def status(settings, now: datetime) -> int:
    """`python -m bot status`: the database, its schema and the clock's heartbeat, as /healthz reports them; exit
    status 1 when something needs the operator (schema behind, no clock sweeping)."""
    import json

    from bot.db import make_engine
    from bot.heartbeat import health

    report, _ = health(make_engine(settings.database_url), now, settings.clock_stale_after)
    print(json.dumps(report, indent=2))
    return 0 if report["status"] == "ok" and not report["clock"]["stale"] else 1


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "demo":  # no Slack settings: the demo brings its own Slack
        try:
            from devtools.demo import run
        except ImportError:  # an installed image or wheel: the development tools are not part of it
            print(
                "error: the demo is a development tool: run it from a clone of the repository, after "
                "`pip install -r requirements-dev.txt`.",
                file=sys.stderr,
            )
            return 2
        return run(fresh=args.fresh, tour=args.tour, port=args.port, folder=args.data or Path.cwd())
    settings = settings_or_exit(args.command)
    if args.command in ("serve", "run", "socket", "clock"):  # Slack first: a refused token is the likelier mistake
        check_slack_or_exit(settings)
    if args.command == "socket":
        check_app_token_or_exit(settings)
    database_or_exit(settings, args.command)
    if args.command == "migrate":
        from bot.migrate import upgrade

        upgrade(settings.database_url)
        print("database is up to date")
    elif args.command == "nudges":
        from bot.db import make_engine, make_session_factory, transaction
        from bot.flows.nudges.service import requeue_failed
        from bot.tenancy import ALL, SINGLE

        every = make_session_factory(make_engine(settings.database_url), ALL if settings.oauth else SINGLE)
        with transaction(every) as session:
            count = requeue_failed(session, args.now or datetime.now(timezone.utc), since=args.since)
        print(f"requeued {count} failed {'reminder' if count == 1 else 'reminders'}; the next sweep sends them")
    elif args.command in ("workspaces", "forget-workspace", "adopt-single"):
        return workspace_command(args, settings)
    elif args.command == "serve":
        serve(settings)
    elif args.command == "run":
        return run_both(settings)
    elif args.command == "socket":
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        from bot.app import create_app

        SocketModeHandler(create_app(settings, socket_mode=True), settings.slack_app_token).start()
    elif args.command == "status":
        return status(settings, args.now or datetime.now(timezone.utc))
    elif args.command in ("sweep", "clock"):
        return sweep_or_clock(args, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

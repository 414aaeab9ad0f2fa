"""Helpers shared by the test modules (test_cli, test_config)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, time, timezone

from tests.support.paths import ROOT

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2", "SLACK_SIGNING_SECRET": "s3cret"}


def run_bot(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PLAYBOOK"))}
    clean["ENV_FILE"] = os.devnull  # a developer's own .env must not leak into these runs
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=60
    )


def _database_with_a_due_nudge(tmp_path) -> str:
    from datetime import date

    from bot.db import make_engine, make_session_factory
    from bot.models import Nudge

    url = f"sqlite:///{tmp_path}/n.db"
    assert run_here("migrate", env={"DATABASE_URL": url}).returncode == 0
    when = datetime(2026, 11, 27, 10, tzinfo=timezone.utc)
    with make_session_factory(make_engine(url))() as s:
        s.add(
            Nudge(
                kind="req_approval",
                recipient_id="U0APPROVER",
                subject_type="requisition",
                subject_id=99,
                dedupe_key="req_approval:requisition:99:1",
                due_at=when,
                local_date=date(2026, 11, 27),
                local_time=time(10),
                local_tz="UTC",
                zone_confirmed=True,
                status="pending",
                attempts=0,
                created_at=when,
                updated_at=when,
            )
        )
        s.commit()
    return url


def run_here(*args: str, env: dict) -> subprocess.CompletedProcess:
    """`python -m bot ARGS` run in this process (the same `main`, the same environment rules as `run_bot`,
    without a new interpreter's start-up): its exit status, stdout and stderr, as run_bot returns them.
    A few tests keep `run_bot` for the real command line; the rest use this."""
    import contextlib
    import io
    import logging

    from bot.__main__ import main

    saved_env = dict(os.environ)
    root = logging.getLogger()
    saved_root = (root.handlers[:], root.level)
    saved_levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    for key in [k for k in os.environ if k.startswith(("SLACK_", "DATABASE_URL", "PLAYBOOK"))]:
        del os.environ[key]
    os.environ.update({"ENV_FILE": os.devnull, **env})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
                if isinstance(stop.code, str):
                    print(stop.code, file=sys.stderr)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        root.handlers[:], _ = saved_root[0], root.setLevel(saved_root[1])
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)
    return subprocess.CompletedProcess(["python", "-m", "bot", *args], code, out.getvalue(), err.getvalue())

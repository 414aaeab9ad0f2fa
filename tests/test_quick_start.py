"""The README's *Run it in your workspace*, followed as written: its commands are read from the README itself and run
in a fresh folder against the Slack double, with the values a newcomer would fill in.

Only the first block (a venv and `pip install -r requirements.txt`) is not run here: installing is what
.ci/run's shipped-artifact check does, in a fresh venv with the runtime lock alone (devtools/smoke.py). The
double stands in for Slack: the only line added to `.env` is SLACK_API_URL, and PORT is a free port (the
README's `localhost:3000` is read as that port).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.flows.requisition import ids
from devtools.harness import SlackClientSimulator
from devtools.slack_double import TOKEN
from tests.support.paths import ROOT

SECRET = "quick-start-signing-secret"
CHANNEL, ME = "C0QUICKHIRE", "U0QUICKME"


def section(title: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def commands(text: str) -> list[list[str]]:
    """Each ```sh block's commands, in order (comments and blank lines left out)."""
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [
        [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")] for block in blocks
    ]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_processes_in(folder: Path) -> list[int]:
    """Processes still running `-m bot` with `folder` as their working directory."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if Path(os.readlink(entry / "cwd")) == folder and b"bot" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_the_readme_starts_with_what_it_is_and_the_two_commands():
    text = (ROOT / "README.md").read_text()
    head = text[: text.index("## ")]
    assert len(head.splitlines()) < 30, "the README opens with what the bot is, briefly"
    assert "python -m bot demo" in head and "python -m pytest" in head
    assert text.index("## Run it in your workspace") < 4000, "the way to run it comes right after"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the processes left behind")
def test_run_it_in_your_workspace_works_as_written(tmp_path, fake_slack):
    steps = section("Run it in your workspace")
    blocks = commands(steps)
    install, configure, start, check = blocks[:4]
    assert install == ["python3 -m venv .venv && . .venv/bin/activate", "pip install -r requirements.txt"]
    assert configure == ["cp .env.example .env"]

    # a fresh folder with the clone's package, as a newcomer's clone is
    (tmp_path / "bot").symlink_to(ROOT / "bot")
    (tmp_path / ".env.example").write_text((ROOT / ".env.example").read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PLAYBOOK", "ENV_FILE"))}
    env["PYTHONPATH"] = ""
    subprocess.run(configure[0], shell=True, cwd=tmp_path, check=True)

    # step 4: "replace the four example values ... with yours", named in the README in that order
    examples = re.findall(
        r"`([^`]+)`", steps[steps.index("**4. Configure.**") : steps.index("```sh", steps.index("**4."))]
    )
    ours = {"xoxb-your-bot-token": TOKEN, "your-signing-secret": SECRET, "C0123HIRING": CHANNEL, "U0123ADMIN": ME}
    assert examples[-4:] == list(ours), examples
    dotenv = (tmp_path / ".env").read_text()
    for example, value in ours.items():
        assert example in dotenv, f".env.example has no {example}"
        dotenv = dotenv.replace(example, value)
    port = free_port()
    (tmp_path / ".env").write_text(dotenv + f"\nSLACK_API_URL={fake_slack.url}\nPORT={port}\n")
    fake_slack.channels[CHANNEL] = {"name": "ml-hiring"}
    fake_slack.users[ME] = {"id": ME, "tz": "Europe/London"}

    # step 5: migrate, then run (the web process and the clock)
    assert start == ["python -m bot migrate", "python -m bot run"]
    migrated = subprocess.run(start[0].split(), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "mlhire.sqlite3").exists(), "the database is a SQLite file in this folder"
    running = subprocess.Popen(
        start[1].split(), cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        base = f"http://localhost:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert running.poll() is None, running.stderr.read().decode()
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "no /healthz within 60 s"
            time.sleep(0.2)

        # step 6: check it
        assert check == ["curl -s http://localhost:3000/healthz", "python -m bot status"]
        curl = subprocess.run(
            check[0].replace(":3000", f":{port}").split(), cwd=tmp_path, capture_output=True, text=True, timeout=30
        )
        assert json.loads(curl.stdout)["status"] == "ok"
        deadline = time.monotonic() + 60
        while True:  # "once the clock has swept (within a minute), when it did"
            status = subprocess.run(check[1].split(), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
            assert status.returncode == 0, status.stdout + status.stderr
            report = json.loads(status.stdout)
            if report["clock"]["last_sweep"]:
                break
            assert time.monotonic() < deadline, f"the clock did not sweep within 60 s: {report}"
            time.sleep(0.5)
        assert report["status"] == "ok" and report["clock"]["stale"] is False

        # "Then type /ml-req in Slack"
        slack = SlackClientSimulator(base, SECRET, fake_slack.url, None)  # type: ignore[arg-type]
        answer = slack.post(
            slack.command_body(ids.COMMAND, "", user=ME), "application/x-www-form-urlencoded", drain=False
        )
        assert answer.status == 200
        deadline = time.monotonic() + 10
        while not fake_slack.called("views.open"):
            assert time.monotonic() < deadline, "the intake form did not open"
            time.sleep(0.05)
    finally:
        running.send_signal(signal.SIGTERM)
        running.wait(30)
    deadline = time.monotonic() + 20
    while bot_processes_in(tmp_path):
        assert time.monotonic() < deadline, "stopping `run` left its clock running"
        time.sleep(0.1)

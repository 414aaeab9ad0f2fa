"""The demo's Slack side kept between runs (`demo.slack.json` beside `demo.sqlite3`): the clock, messages,
uploaded files and Home tabs, and what the page itself said; and where a new workspace's clock starts."""

from __future__ import annotations

import base64
import itertools
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from devtools.slack_double import FakeSlack


def load(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def save(path: Path, now: datetime, double: FakeSlack, local: list[dict]) -> None:
    state = {
        "clock": now.isoformat(),
        "messages": [{"channel": c, **m} for (c, _), m in double.messages.items()],
        "files": {k: {**f, "content": base64.b64encode(f["content"] or b"").decode()} for k, f in double.files.items()},
        "homes": double.homes,
        "local": local,
    }
    path.write_text(json.dumps(state))


def restore(saved: dict, double: FakeSlack, local: list[dict]) -> None:
    for m in saved.get("messages") or []:
        m = dict(m)
        channel = m.pop("channel")
        double.messages[(channel, m["ts"])] = m
    for k, f in (saved.get("files") or {}).items():
        double.files[k] = {**f, "content": base64.b64decode(f["content"])}
    double.homes.update(saved.get("homes") or {})
    local.extend(saved.get("local") or [])
    # counters go on from where the last run stopped: a new message sorts after the old ones, a new file or
    # note never takes an old one's id
    counters = [int(ts.split(".")[1]) for (_, ts) in double.messages if "." in ts] + [
        int(n["ts"].split(".")[1]) for n in local if "." in str(n.get("ts") or "")
    ]
    double._ts = itertools.count(max(counters, default=0) + 1)
    files = [int(k[1:]) for k in double.files if k[1:].isdigit()]
    double._files = itertools.count(max(files, default=0) + 1)


def next_note_number(local: list[dict]) -> int:
    """The number after the last "e<n>" note id of a restored workspace."""
    numbers = [int(n["id"][1:]) for n in local if str(n.get("id") or "")[:1] == "e" and n["id"][1:].isdigit()]
    return max(numbers, default=0) + 1


def this_morning() -> datetime:
    """A new workspace starts at 09:00 UTC today (or the next weekday, so working hours are open)."""
    now = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0)
    while now.weekday() >= 5:
        now += timedelta(days=1)
    return now

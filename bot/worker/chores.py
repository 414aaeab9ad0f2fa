"""What the worker does besides sending reminders, as a list it is handed (`bot.runtime.chores`): expire
offers, look up new hires by email, keep the weekly digest's rows, forget old history, keep the query
planner's statistics.

A chore is a name (the count it adds to a sweep's result), what it does and how often the clock runs it.
The flows' rules take a session and `now` and never commit; the two helpers here give them their
transactions: `in_one_transaction` (one short transaction, committed) and `ask_then_record` (a short
transaction that claims what to ask, the questions to Slack outside any transaction, then one short
transaction per answer). So a chore never holds a database transaction open across a Slack call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings


@dataclass(frozen=True)
class Setting:
    """What a chore runs with: the session factory, the Slack client, the settings in force, the instant and
    the playbook (for what the chore's Slack side effects say)."""

    factory: sessionmaker[Session]
    client: WebClient
    settings: Settings
    now: datetime
    playbook: Any = None


@dataclass(frozen=True)
class Chore:
    name: str  # the SweepResult count it adds to ("expired", "joined", "deleted") or a name of its own
    run: Callable[[Setting], int]
    every: timedelta | None = None  # how often the clock runs it; None: with every tick
    after_sending: bool = False  # a one-shot sweep runs it after the reminders (history is forgotten last)
    per_workspace: bool = True  # False: about the database, not a workspace's rows (a fleet runs it once)


Then = Callable[[Setting, Session, Any], None]  # Slack side effects after a commit, about one thing changed


def _then(at: Setting, then: Then | None, changed: Iterable[Any]) -> None:
    """The side effects after the commit, in a session of their own (what they record is committed too)."""
    if then is None:
        return
    for thing in changed:
        with at.factory() as s:
            then(at, s, thing)
            s.commit()


def in_one_transaction(
    name: str, step: Callable[[Session, Settings, datetime], int | list], *, then: Then | None = None, **options
) -> Chore:
    """`step` counts what it did, or lists what it changed (counted, and each handed to `then` after the
    commit)."""

    def run(at: Setting) -> int:
        with at.factory() as s:
            done = step(s, at.settings, at.now)
            s.commit()
        changed = done if isinstance(done, list) else []
        _then(at, then, changed)
        return len(done) if isinstance(done, list) else done

    return Chore(name, run, **options)


def ask_then_record(
    name: str,
    claim: Callable[[Session, Settings, datetime], Iterable[Any]],
    ask: Callable[[WebClient, Any], Any | None],
    record: Callable[[Session, Settings, Any, Any, datetime], int],
    *,
    then: Then | None = None,
    **options,
) -> Chore:
    """`claim` picks what to ask (claimed in its transaction, so two workers never both ask); `ask` asks
    Slack about one item (None: nothing to record); `record` keeps one answer; `then` runs after each answer
    that changed something is committed."""

    def run(at: Setting) -> int:
        with at.factory() as s:
            items = list(claim(s, at.settings, at.now))
            s.commit()
        done = 0
        for item in items:
            answer = ask(at.client, item)
            if answer is None:
                continue
            with at.factory() as s:
                recorded = record(s, at.settings, item, answer, at.now)
                s.commit()
            done += recorded
            if recorded:
                _then(at, then, [item])
        return done

    return Chore(name, run, **options)


def statistics(at: Setting) -> int:
    """The query planner's statistics, refreshed (bot.db.refresh_statistics: SQLite's; PostgreSQL keeps its own)."""
    from bot.db import refresh_statistics

    with at.factory() as s:
        refresh_statistics(s.connection())
        s.commit()
    return 0

"""A seeded random walk through the whole loop, the way people use it in orders nobody wrote down.

Each step is one of: a person runs a command; a person presses a button on a message as it is now or as it was
first posted (an old copy); a person submits a form the bot opened for them, every field filled with a
plausible value for its kind; the clock moves (minutes, hours, a day, a weekend, weeks) and the clock's sweep
runs. Everything goes through signed HTTP to the app and the Slack double, as in the other end-to-end tests.

After every step each invariant below is checked; a failure names the invariant, the seed and every step so far
(replaying the seed replays the walk: `WALK_SEED=n python -m pytest tests/test_walk_e2e.py`).
"""

from __future__ import annotations

import copy
import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from bot.models import Interview, Nudge
from devtools.harness import SlackClientSimulator
from devtools.slack_double import FakeSlack
from tests.support.presses import Outcomes, offered_buttons, press_button
from tests.support.workspace import ADMIN, HIRING_CHANNEL

# How a request may end: done, refused with words (a domain error), Slack's retry of an event. Anything else is
# an error the person was shown as "something went wrong".
FINE = {"ok", "refused", "repeat", "ok, side effect failed", "NotAllowed", "NotFound", "BadRequest", "Conflict"}
FINE |= {"FormErrors"}

COMMANDS = (
    ("/ml-req", ""),
    ("/ml-req", ""),
    ("/ml-req", "list"),
    ("/ml-req", "list all"),
    ("/ml-req", "help"),
    ("/ml-req", "show 1"),
    ("/ml-candidate", ""),
    ("/ml-candidate", ""),
    ("/ml-candidate", "list"),
    ("/ml-candidate", "show Walker"),
    ("/ml-onboard", ""),
    ("/ml-onboard", "list"),
    ("/ml-report", "pipeline"),
    ("/ml-report", "nudges"),
    ("/ml-report", "me"),
    ("/ml-report", "interviewers"),
    ("/ml-report", "onboarding"),
    ("/ml-report", "audit"),
)
MOVES = (
    timedelta(minutes=20),
    timedelta(hours=2),
    timedelta(hours=9),
    timedelta(days=1),
    timedelta(days=2, hours=5),  # across a weekend, often
    timedelta(days=9),
)


@dataclass
class Walk:
    slack: SlackClientSimulator
    fake: FakeSlack
    engine: Engine
    clock: object  # tests/conftest.Clock
    sweep: Callable[[datetime], object]
    people: tuple[str, ...]
    seed: int
    rng: random.Random = field(init=False)
    log: list[str] = field(default_factory=list)
    first_seen: dict[tuple[str, str], dict] = field(default_factory=dict)  # every message as first posted
    open_forms: dict[str, dict] = field(default_factory=dict)  # the form the bot last opened for each person
    outcomes: Outcomes = field(default_factory=Outcomes)
    names: int = 0
    actor: str | None = None  # who acted in the current step

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    # --- the steps ------------------------------------------------------------------------------------------
    def run(self, steps: int) -> None:
        logger = logging.getLogger("bot.requests")
        logger.addHandler(self.outcomes)
        try:
            for _ in range(steps):
                self.step()
        finally:
            logger.removeHandler(self.outcomes)

    def step(self) -> None:
        seen, calls = len(self.outcomes.seen), len(self.fake.calls)
        kind = self.rng.choices(("command", "press", "submit", "move_clock"), weights=(2, 5, 4, 2))[0]
        if kind == "submit" and not self.open_forms:
            kind = "press"
        if kind == "press" and not self.fake.messages:
            kind = "command"
        status = getattr(self, kind)()
        self._remember(calls)
        for check in INVARIANTS:
            problem = check(self, seen, calls, status)
            if problem:
                raise AssertionError(
                    f"invariant {check.__name__} broken at step {len(self.log)} (seed {self.seed}): {problem}\n"
                    + "\n".join(f"  {n + 1}. {s}" for n, s in enumerate(self.log))
                )

    def command(self) -> int:
        user = self.actor = self.rng.choice(self.people)
        name, words = self.rng.choice(COMMANDS)
        self.log.append(f"{user} types `{name} {words}`".rstrip("` ") + "`")
        return self.slack.command(name, words, user=user, channel=HIRING_CHANNEL).status

    def press(self) -> int:
        current = offered_buttons(self.fake)
        old = [
            (channel, ts, message, block, button)
            for (channel, ts), message in sorted(self.first_seen.items())
            for (_, _, _, block, button) in offered_buttons(_Only({(channel, ts): message}))
        ]
        choices = current + old
        if not choices:
            return self.command()
        channel, ts, message, block_id, button = self.rng.choice(choices)
        user = self.actor = "U" + channel[1:] if channel.startswith("D") else self.rng.choice(self.people)
        copy_of = "an old copy of" if (channel, ts, message, block_id, button) in old else "the current"
        self.log.append(f"{user} presses {button['action_id']} on {copy_of} {channel} {ts}")
        return press_button(self.slack, user, channel, ts, message, block_id, button).status

    def submit(self) -> int:
        user = self.actor = self.rng.choice(sorted(self.open_forms))
        view = self.open_forms.pop(user)
        values = {
            b["block_id"]: self._value(b["element"], (b.get("label") or {}).get("text", ""))
            for b in view.get("blocks", [])
            if b.get("type") == "input"
        }
        for block in [b for b in values if self.rng.random() < 0.1]:  # now and then a field left empty
            values.pop(block)
        self.log.append(f"{user} submits {view.get('callback_id')} with {json.dumps(values, default=str)[:300]}")
        answer = self.slack.submit(view, values, user=user)
        if '"errors"' in answer.body and self.rng.random() < 0.8:  # told what to fix: most people try again
            self.open_forms.setdefault(user, view)
        return answer.status

    def move_clock(self) -> int:
        self.actor = None
        move = self.rng.choice(MOVES)
        self.clock.advance(seconds=move.total_seconds())
        self.log.append(f"the clock moves {move} to {self.clock.now:%a %Y-%m-%d %H:%M} and sweeps")
        self.sweep(self.clock.now)
        return 200

    # --- what a person fills in ------------------------------------------------------------------------------
    def _value(self, element: dict, label: str):
        kind, rng = element["type"], self.rng
        options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
        if kind in ("static_select", "radio_buttons"):
            return rng.choice(options)["value"] if options else None
        if kind in ("checkboxes", "multi_static_select"):
            return [o["value"] for o in options if rng.random() < 0.7] or ([options[0]["value"]] if options else [])
        if kind == "users_select":
            return rng.choice(self.people)
        if kind == "multi_users_select":
            return rng.sample(self.people, k=rng.randint(1, 2))
        if kind in ("conversations_select", "channels_select"):
            return HIRING_CHANNEL
        if kind == "datepicker":
            return (self.clock.now + timedelta(days=rng.choice((-3, 20, 60, 150)))).date().isoformat()
        if kind == "timepicker":
            return rng.choice(("09:30", "10:00", "17:30"))
        if kind == "datetimepicker":
            return int((self.clock.now + timedelta(hours=rng.choice((-2, 3, 26, 50)))).timestamp())
        if kind == "number_input":
            return str(rng.choice((0, 1, 2, 3)))
        if kind == "email_text_input":
            return "walker@example.org"
        if kind == "url_text_input":
            return "https://example.org/walker"
        return self._text(label.lower())

    def _text(self, label: str) -> str:
        """What a person types into a text field, going by its label (and now and then something odd)."""
        if self.rng.random() < 0.1:
            return self.rng.choice(("", "-5", "<!channel> *bold* `code`", "x" * 200, "twelve"))
        self.names += 1
        for words, typed in (
            (("headcount", "how many"), str(self.rng.randint(1, 3))),
            (("salary", "base"), str(self.rng.choice((150000, 185000, 240000)))),
            (("sign-on",), "20000"),
            (("equity",), "0.1%"),
            (("email",), f"walker{self.names}@example.org"),
            (("link", "profile", "resume"), "https://example.org/cv"),
            (("name",), f"Walker {self.names}"),
            (("region", "subdivision"), ""),
        ):
            if any(w in label for w in words):
                return typed
        return f"Walker note {self.names}"

    def _remember(self, calls: int) -> None:
        """The form the step opened for the person who acted (the last one), and messages not seen before, as
        first posted."""
        opened = [c.params for c in self.fake.calls[calls:] if c.method in ("views.open", "views.push")]
        if opened and self.actor is not None and isinstance(opened[-1].get("view"), dict):
            self.open_forms[self.actor] = opened[-1]["view"]
        for key, message in self.fake.messages.items():
            if key not in self.first_seen:
                self.first_seen[key] = copy.deepcopy(message)


class _Only:
    """Just enough of a FakeSlack for `offered_buttons`: these messages."""

    def __init__(self, messages: dict) -> None:
        self.messages = messages


# --- the invariants: each returns what is wrong, or None ---------------------------------------------------------
def nothing_went_wrong(walk: Walk, seen: int, calls: int, status: int) -> str | None:
    """No request ended in an error a person sees as "something went wrong", and no 5xx."""
    bad = [o for o in walk.outcomes.seen[seen:] if o not in FINE]
    if status >= 500 or bad:
        return f"HTTP {status}, outcomes {bad}"
    said = [
        c.params.get("text") or ""
        for c in walk.fake.calls[calls:]
        if c.method.startswith("hooks/") or c.method == "chat.postEphemeral"
    ]
    return next((f"told {t[:120]!r}" for t in said if "went wrong" in t), None)


def slack_refused_nothing(walk: Walk, seen: int, calls: int, status: int) -> str | None:
    """Every Web API call was one Slack accepts (Block Kit limits, arguments, methods)."""
    return f"{walk.fake.violations}" if walk.fake.violations else None


def no_twin_messages(walk: Walk, seen: int, calls: int, status: int) -> str | None:
    """Nobody gets the same direct message twice at one moment (one step is one moment)."""
    posted = [
        (c.params.get("channel"), c.params.get("text"))
        for c in walk.fake.calls[calls:]
        if c.method == "chat.postMessage" and str(c.params.get("channel", ""))[:1] in "UD"
    ]
    twins = {p for p in posted if posted.count(p) > 1}
    return f"{sorted(twins)[:2]}" if twins else None


def nobody_escalated_about_themselves(walk: Walk, seen: int, calls: int, status: int) -> str | None:
    with walk.engine.connect() as conn:
        rows = conn.execute(
            select(Nudge.id, Nudge.detail, Interview.assignment_no)
            .join(Interview, Interview.id == Nudge.subject_id)
            .where(
                Nudge.subject_type == "interview",
                Nudge.kind == "iv_scorecard_late",
                Nudge.status == "sent",
                Nudge.recipient_id == Interview.interviewer_id,
            )
        ).all()
    rows = [r.id for r in rows if (r.detail or {}).get("no") == r.assignment_no]  # the same assignment, not a later
    return f"late-scorecard alerts to the late interviewer: {rows}" if rows else None


SUBJECT_TABLES = {"requisition": "requisitions", "interview": "interviews", "onboarding": "onboardings"}


def every_reminder_has_its_subject(walk: Walk, seen: int, calls: int, status: int) -> str | None:
    """A reminder waiting to go out is about something that exists."""
    problems = []
    with walk.engine.connect() as conn:
        for subject, table in SUBJECT_TABLES.items():
            orphans = conn.execute(
                text(
                    f"SELECT n.id FROM nudges n WHERE n.subject_type = :s AND n.status IN ('pending', 'sending') "
                    f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = n.subject_id)"
                ),
                {"s": subject},
            ).all()
            problems += [f"{subject} reminder {r[0]}" for r in orphans]
    return ", ".join(problems) or None


INVARIANTS = (
    nothing_went_wrong,
    slack_refused_nothing,
    no_twin_messages,
    nobody_escalated_about_themselves,
    every_reminder_has_its_subject,
)

PEOPLE_OF_THE_WALK = ("U0HM", "U0APPROVER", ADMIN, "U0ALICE", "U0BOB", "U0CAROL", "U0OUTSIDER")

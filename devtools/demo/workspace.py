"""The demo workspace: the real bot (create_app, its handlers, signed requests through the WSGI adapter)
against the local Slack double, with a seeded workspace, a simulated clock and what each person sees.

Nothing here is a demo-only branch of the bot: people act by sending the payloads Slack would send
(`devtools.payloads`), signed with the demo's secret, to the bot's own WSGI app on a local port; the bot
answers through the Web API, which the double serves. The clock only moves when someone presses
*+1 hour*, *+1 day* or *next reminder*, and each move runs one sweep at that instant.
"""

from __future__ import annotations

import copy
import itertools
import json
import secrets
import time as wall
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.app import create_app
from bot.config import Settings
from bot.db import make_engine, make_session_factory
from bot.migrate import upgrade
from bot.models import Nudge
from bot.models.reminders import IS_ACTIVE
from bot.playbook import load_playbook
from bot.requests.web import create_wsgi
from bot.slack import build_client
from devtools import shapes
from devtools.demo import storage
from devtools.double_server import start_fake_slack
from devtools.harness import Response, TrackingExecutor, element_state, serve_wsgi, sign
from devtools.shapes import Shape
from devtools.slack_double import TOKEN, FakeSlack

HM, HEAD, RECRUITER = "U0MAYA", "U0SAM", "U0RILEY"
INTERVIEWERS = ("U0ANA", "U0KENJI", "U0LENA")
NEW_HIRE = "U0NOAH"
PEOPLE = {  # id: (name, time zone, role)
    HM: ("Maya Chen", "Europe/London", "hiring manager"),
    HEAD: ("Sam Okafor", "Europe/London", "head of ML, approver"),
    RECRUITER: ("Riley Park", "America/New_York", "recruiter, admin"),
    "U0ANA": ("Ana Lima", "America/Sao_Paulo", "interviewer"),
    "U0KENJI": ("Kenji Sato", "Asia/Tokyo", "interviewer"),
    "U0LENA": ("Lena Vogel", "Europe/Berlin", "interviewer"),
    NEW_HIRE: ("Noah Reyes", "America/Los_Angeles", "future new hire"),
}
HIRING, ONBOARDING = "C0MLHIRING", "C0MLONBOARD"
CHANNELS = {HIRING: "ml-hiring", ONBOARDING: "ml-onboarding"}
COMMANDS = ("/ml-req", "/ml-candidate", "/ml-onboard", "/ml-report")
BOT_NAME = "ML Hiring"
MAX_SWEEPS_TO_NEXT = 50  # *Next reminder* sweeps past stale ones to the next that goes out, at most this often
SHAPE = Shape.STANDARD  # the demo workspace is a standard one, as most installs are
USAGE = "Type one of the bot's commands: " + ", ".join(COMMANDS) + " (add `help` to any of them)."


def dm(user: str) -> str:
    return FakeSlack.dm_channel(user)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Outcome:
    """What one request did, for the page (and the tour's transcript)."""

    status: int
    body: dict | str | None
    note: str | None = None


@dataclass
class Demo:
    folder: Path
    fresh: bool = False
    double: FakeSlack = field(init=False)
    clock: Clock = field(init=False)
    _ephemeral: itertools.count = field(default_factory=lambda: itertools.count(1))
    local: list[dict] = field(default_factory=list)  # what the page itself says: command acks, usage, people's posts
    # Files (candidate exports are personal data) are served only at addresses carrying this key, which
    # only the page is given (in its state); a new key each run.
    file_key: str = field(default_factory=lambda: secrets.token_urlsafe(18))

    # --- start and stop ---------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db_path = self.folder / "demo.sqlite3"
        self.state_path = self.folder / "demo.slack.json"
        if self.fresh:
            for path in (self.db_path, self.state_path):
                path.unlink(missing_ok=True)
        saved = storage.load(self.state_path)
        start = datetime.fromisoformat(saved["clock"]) if saved.get("clock") else storage.this_morning()
        self.clock = Clock(start)
        self.double, self._double_server = start_fake_slack()
        self.double.strict = True
        self.double.clock = self.clock
        self.double.channels.update({channel: {"name": name} for channel, name in CHANNELS.items()})
        self.double.users.update(
            {
                user: {
                    "id": user,
                    "name": name.split()[0].lower(),
                    "real_name": name,
                    "tz": tz,
                    "is_bot": False,
                    "deleted": False,
                    "profile": {"email": f"{name.split()[0].lower()}@example.com", "real_name": name},
                }
                for user, (name, tz, _) in PEOPLE.items()
            }
        )
        storage.restore(saved, self.double, self.local)
        self._ephemeral = itertools.count(storage.next_note_number(self.local))
        self.secret = secrets.token_hex(16)
        url = f"sqlite:///{self.db_path}"
        upgrade(url)
        self.engine = make_engine(url)
        self.settings = Settings(
            slack_bot_token=TOKEN,
            slack_signing_secret=self.secret,
            slack_api_url=self.double.url,
            database_url=url,
            hiring_channel=HIRING,
            onboarding_channel=ONBOARDING,
            bot_admins=frozenset({RECRUITER}),
            default_timezone="Europe/London",
        )
        self.playbook = load_playbook()
        self.factory = make_session_factory(self.engine)
        self.executor = TrackingExecutor(4)
        app = create_app(
            self.settings,
            session_factory=self.factory,
            playbook=self.playbook,
            clock=self.clock,
            listener_executor=self.executor,
            event_executor=self.executor.events,
        )
        self.bot_url, self._bot_server = serve_wsgi(create_wsgi(app, self.engine, signing_secret=self.secret))
        from bot.runtime import build_worker

        self.sweeper = build_worker(
            self.factory, build_client(self.settings, background=True), self.settings, self.playbook
        )

    def close(self) -> None:
        self.save()
        # Background work first, while the servers it talks to still answer: a call reaching a server that has
        # stopped serving but still holds its socket would wait for the client's whole timeout.
        self.executor.shutdown(wait=True)
        for server in (self._bot_server, self._double_server):
            server.shutdown()
            server.server_close()
        self.engine.dispose()

    def save(self) -> None:
        """The Slack side of the workspace beside the database, for the next run."""
        storage.save(self.state_path, self.clock.now, self.double, self.local)

    # --- requests as Slack sends them ---------------------------------------------------------------------
    def _post(self, body: str, content_type: str) -> Response:
        ts = int(wall.time())
        raw = body.encode()
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            self.bot_url + "/slack/events",
            data=raw,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": str(ts),
                "X-Slack-Signature": sign(self.secret, ts, raw),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                response = Response(r.status, r.read().decode())
        except urllib.error.HTTPError as exc:
            response = Response(exc.code, exc.read().decode())
        self.executor.drain(30)
        return response

    def _interactive(self, payload: dict) -> Response:
        return self._post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def _hooks(self, kind: str, user: str, channel: str, source: str = "-") -> str:
        return f"{self.double.url}hooks/{kind}/{user}/{channel}/{source}"

    def say(self, user: str, channel: str, text: str) -> Outcome:
        """The message box: a slash command goes to the bot; other words are a message in the channel."""
        text = text.strip()
        if not text:
            return Outcome(200, None)
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            if command not in COMMANDS:
                self._note(user, channel, f"`{command}` is not a command here. {USAGE}")
                return Outcome(200, None, "usage")
            fields = shapes.command(
                SHAPE,
                command=command,
                text=rest.strip(),
                user=user,
                channel=channel,
                channel_name=CHANNELS.get(channel, "directmessage"),
                trigger_id=self.double.issue_trigger(user),
                response_url=self._hooks("commands", user, channel),
            )
            response = self._post(urlencode(fields), "application/x-www-form-urlencoded")
            self._ack_message(user, channel, response)
            return Outcome(response.status, response.body)
        ts = self.double._next_ts()
        self.double.messages[(channel, ts)] = {"text": text, "blocks": None, "ts": ts, "user": user}
        if channel == dm(user):
            event = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text, "ts": ts}
            self._event(event)
        return Outcome(200, None)

    def _ack_message(self, user: str, channel: str, response: Response) -> None:
        if response.status != 200:
            self._note(user, channel, f"Slack would show: the command failed (HTTP {response.status}).")
            return
        if not response.body:
            return
        try:
            answer = json.loads(response.body)
        except ValueError:
            answer = {"text": response.body}
        if answer.get("response_type") == "in_channel":
            ts = self.double._next_ts()
            self.double.messages[(channel, ts)] = {"text": answer.get("text"), "blocks": answer.get("blocks"), "ts": ts}
        else:
            self._note(user, channel, answer.get("text") or "", answer.get("blocks"))

    def _note(self, user: str, channel: str, text: str, blocks: list | None = None, source: str | None = None) -> None:
        self.local.append(
            {
                "id": source or f"e{next(self._ephemeral)}",
                "user": user,
                "channel": channel,
                "text": text,
                "blocks": blocks,
                "ts": self.double._next_ts(),
            }
        )

    def _event(self, event: dict) -> Response:
        body = shapes.event_callback(SHAPE, event, event_id=f"Ev{wall.time_ns()}", event_time=int(wall.time()))
        return self._post(json.dumps(body), "application/json")

    def open_home(self, user: str) -> dict | None:
        self._event({"type": "app_home_opened", "user": user, "channel": dm(user), "tab": "home", "event_ts": "1.1"})
        return self.double.homes.get(user)

    def act(self, user: str, source: str, action: dict, values: dict | None = None) -> Outcome:
        """A click or a choice on an interactive element. `source` says where it is: `msg:<channel>:<ts>`,
        `eph:<id>`, `view:<view id>` (a modal or the Home tab); `values` is an open modal's form so far."""
        kind, _, rest = source.partition(":")
        act = {k: v for k, v in action.items() if v is not None} | {"action_ts": f"{wall.time():.6f}"}
        common = {"user": user, "action": act, "trigger_id": self.double.issue_trigger(user)}
        if kind == "msg":
            channel, ts = rest.split(":", 1)
            message = self.double.messages.get((channel, ts)) or {}
            payload = shapes.block_actions(
                SHAPE,
                **common,
                channel=channel,
                channel_name=CHANNELS.get(channel, "directmessage"),
                message_ts=ts,
                message=message,
                response_url=self._hooks("actions", user, channel, ts),
            )
        elif kind == "eph":
            note = next((n for n in self.local if n["id"] == rest), None) or {"channel": dm(user)}
            payload = shapes.block_actions(
                SHAPE,
                **common,
                channel=note["channel"],
                channel_name=CHANNELS.get(note["channel"], "directmessage"),
                message_ts=note.get("ts"),
                ephemeral=True,
                response_url=self._hooks("actions", user, note["channel"], rest),
            )
        else:  # view: a modal or the Home tab, sent back whole with what the person has entered
            view = copy.deepcopy(self.double.views.get(rest) or {}) | {"id": rest}
            view["state"] = {"values": self.state_of(view, values or {}, user)}
            payload = shapes.block_actions(SHAPE, **common, view=view)
        response = self._interactive(payload)
        self._collect_responses()
        return Outcome(response.status, response.body)

    def state_of(self, view: dict, values: dict, user: str) -> dict:
        """Slack's exact `view.state.values` for what a person has entered: {block_id: {action_id: state}}. A
        date and time is read in the person's own zone, as Slack's picker shows and reads it."""
        state: dict = {}
        for block in view.get("blocks") or []:
            if block.get("type") == "input" and block.get("block_id") in values:
                element = block["element"]
                value = values[block["block_id"]]
                if element["type"] == "datetimepicker" and value:
                    value = int(datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(PEOPLE[user][1])).timestamp())
                state[block["block_id"]] = {element["action_id"]: element_state(element, value)}
        return state

    def submit(self, user: str, view_id: str, values: dict) -> Outcome:
        view = self.double.views.get(view_id)
        if view is None:
            return Outcome(404, None, "That modal is no longer open.")
        payload = shapes.view_submission(
            SHAPE,
            user=user,
            view=copy.deepcopy(view) | {"id": view_id},
            state=self.state_of(view, values, user),
            trigger_id=self.double.issue_trigger(user),
        )
        response = self._interactive(payload)
        answer: dict = {}
        if response.body:
            try:
                answer = json.loads(response.body)
            except ValueError:
                answer = {}
        stack = self.double.stacks.setdefault(user, [])
        action = answer.get("response_action")
        if response.status == 200 and not action:
            stack.clear()
        elif action == "errors":
            view["_errors"] = answer.get("errors") or {}
        elif action in ("update", "push"):
            new = answer["view"] | {"id": f"V{wall.time_ns()}"}
            self.double.views[new["id"]] = new
            if action == "update" and view_id in stack:
                stack[stack.index(view_id)] = new["id"]
            else:
                stack.append(new["id"])
        elif action == "clear":
            stack.clear()
        if action != "errors":
            view.pop("_errors", None)
        self._collect_responses()
        return Outcome(response.status, answer or response.body)

    def close_modal(self, user: str, view_id: str) -> None:
        stack = self.double.stacks.get(user, [])
        if view_id in stack:
            del stack[stack.index(view_id) :]

    def _collect_responses(self) -> None:
        """What the bot said through response_url: ephemeral answers, replacing the one clicked when asked."""
        while self.double.responses:
            r = self.double.responses.pop(0)
            parts = r["path"].split("/")
            if len(parts) < 5:
                continue
            _, _, user, channel, source = parts[:5]
            params = r["params"]
            replace = str(params.get("replace_original")).lower() == "true"
            if replace and source.startswith("e"):
                self.local[:] = [n for n in self.local if n["id"] != source]
            elif replace and (channel, source) in self.double.messages:  # as Slack does: the message itself changes
                self.double.messages[(channel, source)].update(text=params.get("text"), blocks=params.get("blocks"))
                continue
            if str(params.get("delete_original")).lower() == "true":
                continue
            if params.get("response_type") == "in_channel":
                ts = self.double._next_ts()
                self.double.messages[(channel, ts)] = {
                    "text": params.get("text"),
                    "blocks": params.get("blocks"),
                    "ts": ts,
                }
            else:
                self._note(user, channel, params.get("text") or "", params.get("blocks"), source if replace else None)

    # --- the clock ----------------------------------------------------------------------------------------
    def next_due(self) -> datetime | None:
        with self.factory() as s:
            return s.scalar(select(func.min(Nudge.due_at)).where(IS_ACTIVE))

    def advance(self, step: str, user: str | None = None) -> str:
        """Move the clock (`hour`, `day` or `next`: to the next reminder that is actually sent, past any the
        sweep drops as stale or moves) and sweep there; said in `user`'s zone, as the page's clock is."""
        zone = ZoneInfo(PEOPLE[user][1] if user in PEOPLE else "UTC")
        sent = moved = dropped = 0
        for _ in range(MAX_SWEEPS_TO_NEXT if step == "next" else 1):
            if step == "hour":
                self.clock.now += timedelta(hours=1)
            elif step == "day":
                self.clock.now += timedelta(days=1)
            else:
                due = self.next_due()
                if due is None:
                    break
                self.clock.now = max(self.clock.now, due)
            result = self.sweeper.run(self.clock.now)
            self.executor.drain(30)
            sent, moved, dropped = sent + result.sent, moved + result.deferred, dropped + result.cancelled
            if result.sent or result.failed:
                break
        if step == "next" and not (sent or moved or dropped):
            return "No reminder is waiting."
        local = self.clock.now.astimezone(zone)
        counts = f"{sent} sent, {moved} moved, {dropped} dropped"
        return f"Swept at {local:%a %d %b %H:%M} ({zone.key}): {counts}."

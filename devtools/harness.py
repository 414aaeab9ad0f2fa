"""Drive the real WSGI app over HTTP with signed requests built from Slack's payload shapes."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from devtools import shapes
from devtools.shapes import Shape


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener executor, with a way for tests to wait until every listener (and the event work
    it handed to `events`, the app's separate event pool) has finished."""

    def __init__(self, workers: int = 4, *, event_workers: int | None = 2, name: str = "listener") -> None:
        super().__init__(max_workers=workers, thread_name_prefix=name)
        self._futures: list[Future] = []
        self._lock = threading.Lock()
        self.events = TrackingExecutor(event_workers, event_workers=None, name="event") if event_workers else None

    def submit(self, fn, /, *args, **kwargs):
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._futures.append(future)
        return future

    def shutdown(self, wait: bool = True, **kwargs) -> None:
        super().shutdown(wait=wait, **kwargs)
        if self.events is not None:
            self.events.shutdown(wait=wait, **kwargs)

    def _pending(self, events: bool = True) -> list[Future]:
        with self._lock:
            pending = [f for f in self._futures if not f.done()]
        return pending + (self.events._pending() if self.events is not None and events else [])

    def drain(self, timeout: float = 10, *, events: bool = True) -> None:
        """Wait for every listener, and (with `events`) for the event work they handed on."""
        while True:
            pending = self._pending(events)
            if not pending:
                return
            done, not_done = wait(pending, timeout=timeout)
            assert not not_done, "listeners still running after the timeout"
            for f in done:
                f.result()  # surface listener crashes in the test


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128  # a burst of requests at once is queued, never refused (the default is 5)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve_wsgi(application) -> tuple[str, WSGIServer]:
    server = make_server("127.0.0.1", 0, application, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@dataclass
class Response:
    status: int
    body: str
    headers: dict = field(default_factory=dict)

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}


def sign(secret: str, timestamp: int, body: str | bytes) -> str:
    raw = body if isinstance(body, bytes) else body.encode()
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def element_state(element: dict, value) -> dict:
    """The state Slack reports for an input element the user set to `value`."""
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
        match = [o for o in options if o["value"] == value]
        return {"type": kind, "selected_option": match[0] if match else None}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    if kind == "timepicker":
        return {"type": kind, "selected_time": value}
    if kind == "datetimepicker":
        return {"type": kind, "selected_date_time": value}
    if kind == "checkboxes":
        chosen = [o for o in element["options"] if o["value"] in (value or [])]
        return {"type": kind, "selected_options": chosen}
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(value or [])}
    if kind == "multi_static_select":
        options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
        return {"type": kind, "selected_options": [o for o in options if o["value"] in (value or [])]}
    if kind == "multi_conversations_select":
        return {"type": kind, "selected_conversations": list(value or [])}
    if kind == "channels_select":
        return {"type": kind, "selected_channel": value}
    if kind == "number_input":
        return {"type": kind, "value": value}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": value}
    return {"type": kind, "value": value}


class SlackClientSimulator:
    """What Slack's servers do for a user: send the app signed requests, in the `shape` of one place the app
    can be installed (devtools.shapes: a standard workspace by default)."""

    def __init__(
        self,
        base_url: str,
        secret: str,
        fake_slack_url: str,
        executor: TrackingExecutor,
        shape: Shape = Shape.STANDARD,
        renames: dict[str, str] | None = None,
    ):
        self.base_url = base_url
        # ids the shape's files name, replaced in every body: {"T0ACME": "T0BETA"} is another workspace
        self.renames = renames or {}
        self.secret = secret
        self.hooks = fake_slack_url + "hooks/"
        self.executor = executor
        self.shape = Shape(shape)
        self.answers: list[Response] = []  # every acknowledgement the app gave, for the tests' surface checks
        self._trigger = 0
        self._events = 0

    def trigger_id(self) -> str:
        self._trigger += 1
        return f"111.222.trigger{self._trigger}"

    def post(
        self,
        body: str | bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        path: str = "/slack/events",
        drain: bool = True,
        headers: dict | None = None,
    ) -> Response:
        ts = int(time.time()) if timestamp is None else timestamp
        raw = body if isinstance(body, bytes) else body.encode()
        for old, new in self.renames.items():
            raw = raw.replace(old.encode(), new.encode())
        request = urllib.request.Request(
            self.base_url + path,
            data=raw,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": str(ts),
                "X-Slack-Signature": signature or sign(self.secret, ts, raw),
            }
            | (headers or {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                response = Response(r.status, r.read().decode())
        except urllib.error.HTTPError as e:
            response = Response(e.code, e.read().decode())
        self.answers.append(response)
        if drain:
            self.executor.drain()
        return response

    def get(self, path: str, headers: dict | None = None) -> Response:
        request = urllib.request.Request(self.base_url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return Response(r.status, r.read().decode(), dict(r.headers))
        except urllib.error.HTTPError as e:
            return Response(e.code, e.read().decode())

    # --- payloads -------------------------------------------------------------------
    def command_body(self, command: str, text: str = "", *, user: str, channel: str = "C0GENERAL") -> str:
        fields = shapes.command(
            self.shape,
            command=command,
            text=text,
            user=user,
            channel=channel,
            trigger_id=self.trigger_id(),
            response_url=self.hooks + "commands/T111/1/x",
        )
        return urlencode(fields)

    def command(self, command: str, text: str = "", *, user: str, channel: str = "C0GENERAL") -> Response:
        return self.post(
            self.command_body(command, text, user=user, channel=channel), "application/x-www-form-urlencoded"
        )

    def interactive(self, payload: dict, **kwargs) -> Response:
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kwargs)

    def click(
        self,
        *,
        user: str,
        action_id: str,
        value: str,
        block_id: str,
        channel: str,
        message_ts: str,
        message: dict | None = None,
    ) -> Response:
        """A button click; `message` is the clicked message as Slack includes it (text, blocks)."""
        action = {
            "action_id": action_id,
            "block_id": block_id,
            "value": value,
            "type": "button",
            "text": {"type": "plain_text", "text": "button", "emoji": True},
            "action_ts": "1764000000.1",
        }
        return self.interactive(
            shapes.block_actions(
                self.shape,
                user=user,
                action=action,
                trigger_id=self.trigger_id(),
                channel=channel,
                message_ts=message_ts,
                message=message,
                response_url=self.hooks + "actions/T111/1/x",
            )
        )

    def choose(self, view: dict, *, user: str, action: dict, state: dict | None = None) -> Response:
        """A choice in an open view (a select that dispatches an action); `state` is the form so far."""
        opened = copy.deepcopy(view) | {"state": {"values": state or {}}}
        opened.setdefault("type", "modal")
        opened.setdefault("blocks", [])
        return self.interactive(
            shapes.block_actions(self.shape, user=user, action=action, trigger_id=self.trigger_id(), view=opened)
        )

    def pick(self, view: dict, *, user: str, block_id: str, selected_user: str, values: dict | None = None) -> Response:
        """Someone picks a person in an open modal's select that dispatches an action; `values` is the
        rest of the form as the user has filled it so far ({block_id: user id})."""
        state = {
            block: {"value": {"type": "users_select", "selected_user": who}} for block, who in (values or {}).items()
        }
        action = {
            "action_id": "value",
            "block_id": block_id,
            "type": "users_select",
            "selected_user": selected_user,
            "action_ts": "1.1",
        }
        return self.choose(view, user=user, action=action, state=state)

    def submission(self, view: dict, values: dict, *, user: str) -> dict:
        """The view_submission payload for a view the app opened, with the user's input `values`."""
        opened = copy.deepcopy(view)
        state: dict = {}
        for block in opened["blocks"]:
            if block.get("type") == "input" and block["block_id"] in values:
                element = block["element"]
                state[block["block_id"]] = {element["action_id"]: element_state(element, values[block["block_id"]])}
        self._trigger += 1
        opened.setdefault("id", f"VSUBMIT{self._trigger}")
        return shapes.view_submission(self.shape, user=user, view=opened, state=state, trigger_id=self.trigger_id())

    def submit(self, view: dict, values: dict, *, user: str) -> Response:
        """Submit a view the app opened, with the user's input `values` {block_id: value}."""
        return self.interactive(self.submission(view, values, user=user))

    def event_body(self, event: dict, *, event_id: str | None = None) -> str:
        """An Events API delivery; each gets its own event_id unless one is given (a retry repeats it)."""
        if event_id is None:
            self._events += 1
            event_id = f"Ev{self._events:010d}"
        return json.dumps(shapes.event_callback(self.shape, event, event_id=event_id))

    def event(self, event: dict, *, event_id: str | None = None, retry: int | None = None) -> Response:
        """Deliver an event; `retry` N sends it as Slack's Nth retry (X-Slack-Retry-Num)."""
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post(self.event_body(event, event_id=event_id), "application/json", headers=headers)

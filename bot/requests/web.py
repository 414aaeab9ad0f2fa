"""The WSGI application: POST /slack/events to Bolt, GET /healthz (database reachable, schema at the newest
migration, and when the clock last swept: bot.heartbeat), GET /metrics (Prometheus, behind METRICS_TOKEN).

Requests to /slack/events are checked here, on the raw bytes, before Bolt parses anything:
- a missing, stale (over 5 minutes) or wrong signature gets 401, whatever the body holds;
- a signed body that cannot be a Slack request (not UTF-8, broken JSON, no type, nothing Bolt could
  route: see `for_bolt`) gets 400. Any other field may be absent, null or unknown.
Bolt is handed the body with its nulls taken out (Slack sends null for "none" where Bolt expects a value,
`"response_urls": null` say), so it only ever sees well-formed, signed requests; its own second signature
check is off, since the body it gets is no longer the one Slack signed (bot.app). Nothing from a refused
body is logged. Slack's `ssl_check` pings get a plain 200, as Bolt would answer them.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot import heartbeat, metrics

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # Slack's payloads are far smaller; a larger body is not from Slack
MAX_SKEW = 300  # seconds, as Slack recommends


def signature_ok(secret: str, headers: dict[str, str], body: bytes, now: float) -> bool:
    timestamp, signature = headers.get("x-slack-request-timestamp", ""), headers.get("x-slack-signature", "")
    if not secret or not timestamp.isdigit() or abs(now - int(timestamp)) > MAX_SKEW:
        return False
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def for_bolt(body: bytes, content_type: str) -> bytes | None:
    """The body to hand Bolt, or None for what cannot be a request from Slack.

    A Slack request is UTF-8 and one of: a JSON object with a string `type` (Events API); a form whose
    `payload` is a JSON object with a string `type` (interactivity); a form with a `command` (slash
    commands). Beyond that, only the fields Bolt routes on are held to what Slack always sends with them:
    an event_callback's `event` is an object with a type, a block_actions' `actions` a non-empty list of
    objects with an action_id, a view_submission's or view_closed's `view` an object with a type. Every
    other field may be absent, null (`"enterprise": null` from a standard workspace, `"team": null` from
    an org-wide Grid install) or of any shape: unknown fields are ignored, never refused. A null means
    "none" to Slack, as an absent field does, so nulls are taken out of JSON bodies before Bolt sees them.
    """
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            data = without_nulls(json.loads(text))
            return json.dumps(data).encode() if _routable(data) else None
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if "payload" in form:
        try:
            payload = without_nulls(json.loads(form["payload"][0]))
        except ValueError:
            return None
        return urlencode({"payload": json.dumps(payload)}).encode() if _routable(payload) else None
    return body if "command" in form else None


def without_nulls(value):
    """`value` with every null object member and list item left out."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value if v is not None]
    return value


def _routable(payload) -> bool:
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        return False
    kind = payload["type"]
    if kind == "event_callback":
        return _typed(payload.get("event"))
    if kind == "block_actions":
        actions = payload.get("actions")
        return (
            isinstance(actions, list)
            and bool(actions)
            and all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions)
        )
    if kind in ("view_submission", "view_closed"):
        return _typed(payload.get("view"))
    return True


def _typed(thing) -> bool:
    return isinstance(thing, dict) and isinstance(thing.get("type"), str)


def acknowledged(slack, environ, start_response):
    """Bolt answers 404 to a Slack request no listener takes (view_closed, an event the bot does not use,
    app_rate_limited); Slack reads that as a failure (and retries events). Such a request is acknowledged
    with an empty 200 instead; people's buttons, forms and commands are answered by bot.handlers.fallback."""
    unhandled = False

    def start(status: str, headers, exc_info=None):
        nonlocal unhandled
        if status.startswith("404"):
            unhandled = True
            return start_response("200 OK", [("Content-Length", "0")], exc_info)
        return start_response(status, headers, exc_info)

    body = slack(environ, start)
    if not unhandled:
        return body
    if hasattr(body, "close"):
        body.close()
    log.info("acknowledged a Slack request the bot does not handle")
    return [b""]


def reply(start_response, status: str, body: dict | None = None):
    payload = json.dumps(body).encode() if body is not None else b""
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def slack_events(slack: SlackRequestHandler, secret: str, now: float, environ, start_response):
    """POST /slack/events: checked on the raw bytes (see the module docstring), then handed to Bolt."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 <= length <= MAX_BODY:
        return reply(start_response, "413 Payload Too Large", {"error": "body too large"})
    body = environ["wsgi.input"].read(length) if length else b""
    if body.startswith(b"ssl_check=1") or b"&ssl_check=1" in body:
        return reply(start_response, "200 OK")  # Slack checking the certificate: nothing to do
    headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
    if not signature_ok(secret, headers, body, now):
        log.warning("refused an unsigned or badly signed request")
        return reply(start_response, "401 Unauthorized", {"error": "invalid signature"})
    if (body := for_bolt(body, environ.get("CONTENT_TYPE") or "")) is None:
        log.warning("refused a signed request that is not a Slack payload")
        return reply(start_response, "400 Bad Request", {"error": "malformed body"})
    environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
    try:
        return acknowledged(slack, environ, start_response)
    except Exception as exc:  # Bolt could not dispatch a signed body of an odd shape
        log.warning("refused a signed request Bolt could not dispatch", extra={"error": type(exc).__name__})
        return reply(start_response, "400 Bad Request", {"error": "malformed body"})


def metrics_page(token: str, environ, start_response):
    """GET /metrics: off (404) without METRICS_TOKEN; with it, only for `Authorization: Bearer <token>`."""
    if not token:
        return reply(start_response, "404 Not Found", {"error": "metrics are off: set METRICS_TOKEN"})
    given = environ.get("HTTP_AUTHORIZATION", "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), f"Bearer {token}".encode()):
        return reply(start_response, "401 Unauthorized", {"error": "send Authorization: Bearer METRICS_TOKEN"})
    page, content_type = metrics.exposition()
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(page)))])
    return [page]


def create_wsgi(
    app: App,
    engine: Engine,
    *,
    signing_secret: str,
    clock=time.time,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    metrics_token: str = "",
    stale_after: timedelta = timedelta(minutes=10),
    clock_silent: Callable[[heartbeat.Heartbeat], object] | None = None,
):
    """`clock` is what signatures' timestamps are held to; `now` is the instant /healthz reports the clock as of.
    `clock_silent(beat)` tells the admins that no clock has swept for `stale_after`: called once per silence
    (bot.heartbeat.claim_alert), on a thread of its own, by the first /healthz that finds it."""
    slack = SlackRequestHandler(app, path="/slack/events")

    def healthz(start_response):
        at = now()
        report, beat = heartbeat.health(engine, at, stale_after)
        if report["status"] != "ok":
            log.error(
                "health check failed", extra={k: report[k] for k in ("database", "error", "schema") if k in report}
            )
            return reply(start_response, "503 Service Unavailable", report)
        if beat is not None and beat.stale(at, stale_after):
            log.error("no clock has swept reminders", extra={"silent_since": beat.silent_since().isoformat()})
            if clock_silent is not None and heartbeat.claim_alert(engine, at, stale_after):
                threading.Thread(target=clock_silent, args=(beat,), name="clock-silent", daemon=True).start()
        return reply(start_response, "200 OK", report)

    def application(environ, start_response):
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return healthz(start_response)
        if path == "/metrics" and method == "GET":
            return metrics_page(metrics_token, environ, start_response)
        if path == "/slack/events" and method == "POST":
            return slack_events(slack, signing_secret, clock(), environ, start_response)
        return slack(environ, start_response)

    return application

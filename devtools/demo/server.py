"""The demo page's server: one page, its script and style (no build step, nothing fetched from elsewhere),
and a small JSON API the page calls as the person it acts as. Listens on 127.0.0.1 only, and serves that
page only: a request for another host name (a DNS-rebinding page) is refused, a POST must come from the
page itself (its `Origin`, a JSON body: a cross-site form or `text/plain` post is refused), and files are
served only at the addresses the page was given (they carry a key made at each start)."""

from __future__ import annotations

import hmac
import json
import mimetypes
import threading
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server

from devtools.demo import assets, views
from devtools.demo.workspace import HIRING, PEOPLE, Demo
from devtools.harness import QuietHandler, ThreadingWSGIServer

SECURITY = [
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]


def _selected(kind: str, value, element_text: str | None = None) -> dict:
    """The action Slack sends for a choice made on `kind` (a select, a picker, an overflow item)."""
    if kind in ("static_select", "overflow", "radio_buttons"):
        return {"selected_option": {"value": value, "text": {"type": "plain_text", "text": element_text or value}}}
    if kind == "users_select":
        return {"selected_user": value}
    if kind in ("conversations_select", "channels_select"):
        return {"selected_conversation" if kind == "conversations_select" else "selected_channel": value}
    if kind == "multi_users_select":
        return {"selected_users": list(value or [])}
    if kind in ("multi_static_select", "checkboxes"):
        return {"selected_options": [{"value": v} for v in value or []]}
    if kind == "datepicker":
        return {"selected_date": value}
    if kind == "timepicker":
        return {"selected_time": value}
    return {"value": value}


class DemoApp:
    def __init__(self, demo: Demo):
        self.demo = demo
        self.lock = threading.Lock()  # one person's action at a time, as in one browser tab
        self.tour = None  # the scripted walk, replayed a step at a time from the page

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO") or "/"
        try:
            status, headers, body = self.refusal(method, environ) or self.route(
                "GET" if method == "HEAD" else method, path, environ
            )
        except Exception as exc:  # shown in the page, never a traceback
            status, headers, body = (
                "500 Internal Server Error",
                [("Content-Type", "application/json")],
                json.dumps({"error": type(exc).__name__}).encode(),
            )
        start_response(status, headers + SECURITY + [("Content-Length", str(len(body)))])
        return [b""] if method == "HEAD" else [body]

    @staticmethod
    def refusal(method: str, environ) -> tuple[str, list, bytes] | None:
        """Why this request is not the page's own, or None."""
        port = environ.get("SERVER_PORT")
        hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        if environ.get("HTTP_HOST") not in hosts:
            return _plain("403 Forbidden", "this server answers its own page only (127.0.0.1 or localhost)")
        if method == "POST":
            if environ.get("HTTP_ORIGIN") not in {f"http://{host}" for host in hosts}:
                return _plain("403 Forbidden", "only the demo page may act in it")
            if not (environ.get("CONTENT_TYPE") or "").startswith("application/json"):
                return _plain("415 Unsupported Media Type", "the page sends JSON")
        elif method not in ("GET", "HEAD"):
            return _plain("405 Method Not Allowed", "GET, HEAD or POST")
        return None

    def route(self, method: str, path: str, environ) -> tuple[str, list, bytes]:
        if method == "GET" and path == "/":
            return "200 OK", [("Content-Type", "text/html; charset=utf-8")], assets.PAGE.encode()
        if method == "GET" and path == "/app.js":
            return "200 OK", [("Content-Type", "text/javascript; charset=utf-8")], assets.SCRIPT.encode()
        if method == "GET" and path == "/app.css":
            return "200 OK", [("Content-Type", "text/css; charset=utf-8")], assets.STYLE.encode()
        if method == "GET" and path.startswith("/files/"):
            key = (parse_qs(environ.get("QUERY_STRING") or "").get("key") or [""])[0]
            if not hmac.compare_digest(key.encode(), self.demo.file_key.encode()):
                return _plain("404 Not Found", "no such file")
            return self.file(path.removeprefix("/files/"))
        if method == "GET" and path == "/api/state":
            query = parse_qs(environ.get("QUERY_STRING") or "")
            user = (query.get("as") or [next(iter(PEOPLE))])[0]
            at = (query.get("at") or [HIRING])[0]
            with self.lock:
                return self.json(views.state(self.demo, user if user in PEOPLE else next(iter(PEOPLE)), at))
        if method == "POST" and path.startswith("/api/"):
            try:
                size = int(environ.get("CONTENT_LENGTH") or 0)
                data = json.loads(environ["wsgi.input"].read(size) or b"{}") if size else {}
            except (ValueError, UnicodeDecodeError):
                return self.json({"error": "the body is not JSON"}, "400 Bad Request")
            if not isinstance(data, dict):
                return self.json({"error": "the body is not a JSON object"}, "400 Bad Request")
            user = data.get("as")
            if user not in PEOPLE:
                return self.json({"error": "unknown person"}, "400 Bad Request")
            with self.lock:
                answer = self.post(path.removeprefix("/api/"), user, data)
                self.demo.save()  # the Slack side is kept after every change, whatever ends the process
                return self.json(answer)
        return _plain("404 Not Found", "not found")

    def post(self, what: str, user: str, data: dict) -> dict:
        demo = self.demo
        if what == "say":
            outcome = demo.say(user, str(data.get("at") or HIRING), str(data.get("text") or ""))
            return {"status": outcome.status, "note": outcome.note}
        if what == "home":
            demo.open_home(user)
            return {"status": 200}
        if what == "action":
            a = data.get("action") or {}
            kind = str(a.get("type") or "button")
            action = {"type": kind, "action_id": a.get("action_id"), "block_id": a.get("block_id")}
            if kind == "button":
                action |= {"value": a.get("value"), "text": {"type": "plain_text", "text": a.get("text") or "button"}}
            else:
                action |= _selected(kind, a.get("value"), a.get("text"))
            outcome = demo.act(user, str(data.get("source") or ""), action, data.get("values") or {})
            return {"status": outcome.status}
        if what == "submit":
            outcome = demo.submit(user, str(data.get("view_id") or ""), data.get("values") or {})
            return {"status": outcome.status, "note": outcome.note}
        if what == "close":
            demo.close_modal(user, str(data.get("view_id") or ""))
            return {"status": 200}
        if what == "clock":
            return {"status": 200, "note": demo.advance(str(data.get("step") or "hour"), user)}
        if what == "tour":
            from devtools.demo.tour import Tour, TourError

            self.tour = self.tour or Tour(demo, out=lambda line: None)
            try:
                lines = self.tour.step()
            except TourError as exc:
                lines = [f"The tour stopped: {exc} (start over with --fresh)"]
            return {
                "status": 200,
                "lines": lines or ["The tour is over."],
                "who": self.tour.current_who,
                "at": self.tour.current_where,
            }
        return {"error": "unknown"}

    def file(self, file_id: str) -> tuple[str, list, bytes]:
        f = self.demo.double.files.get(file_id)
        if not f or not f.get("shared"):
            return _plain("404 Not Found", "no such file")
        name = f.get("filename") or "file"
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        headers = [("Content-Type", kind)]
        if not kind.startswith("image/"):
            headers.append(("Content-Disposition", f'attachment; filename="{name.replace(chr(34), "")}"'))
        return "200 OK", headers, f["content"] or b""

    @staticmethod
    def json(value: dict, status: str = "200 OK") -> tuple[str, list, bytes]:
        return status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")], json.dumps(value).encode()


def _plain(status: str, text: str) -> tuple[str, list, bytes]:
    return status, [("Content-Type", "text/plain; charset=utf-8")], text.encode()


def serve(demo: Demo, port: int = 8765):
    """The page's server on 127.0.0.1:`port` (0: any free port), running in a thread; returns (url, server)."""
    server = make_server("127.0.0.1", port, DemoApp(demo), server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server

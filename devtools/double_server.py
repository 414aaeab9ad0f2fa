"""The Slack double served over HTTP on 127.0.0.1 (any free port): the Web API at `/api/<method>`, the
upload URLs files.getUploadURLExternal hands out, and response_url posts at `/hooks/…`."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from devtools.slack_double import FakeSlack


def _decode(body: bytes, content_type: str) -> dict:
    if "application/json" in content_type:
        return json.loads(body or b"{}")
    params: dict = dict(parse_qsl(body.decode()))
    for key in ("blocks", "view", "attachments", "metadata", "files"):  # form calls send these as JSON strings
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a burst of calls is queued, as Slack would take them, never refused


def start_fake_slack() -> tuple[FakeSlack, ThreadingHTTPServer]:
    fake = FakeSlack()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            path = self.path.lstrip("/")
            if path.startswith("upload/"):  # the upload URL files.getUploadURLExternal handed out
                ok = fake.receive_upload(path.removeprefix("upload/"), raw)
                self.send_response(200 if ok else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            params = _decode(raw, self.headers.get("Content-Type") or "")
            method = path.removeprefix("api/")
            fake.enter(method)
            try:
                answer = self.answer(method, params)
            finally:  # the call is over once answered: counted out before its reply reaches the bot
                fake.leave(method)
            if answer is None:  # drop the connection without a word
                self.close_connection = True
                self.connection.shutdown(2)
                return
            status, headers, payload = answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def answer(self, method: str, params: dict) -> tuple[int, dict, bytes] | None:
            if method in fake.gates:
                fake.gates[method].wait(10)
            if method in fake.delays:
                time.sleep(fake.delays[method])
            failure = fake.take_failure(method)
            if failure and failure[0] == 0:
                return None
            if failure:
                status, headers, error = failure
                answer = {"ok": False, "error": error}
            else:
                status, headers = 200, {}
                answer = fake.handle(method, params, self.headers.get("Authorization"))
            return status, headers, json.dumps(answer).encode()

        def log_message(self, *args):  # keep test output quiet
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return fake, server

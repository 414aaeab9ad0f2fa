"""The WSGI application: POST /slack/events to Bolt, GET /healthz with a database check."""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot.db import ping

log = logging.getLogger(__name__)


def create_wsgi(app: App, engine: Engine):
    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                ping(engine)
                status, body = "200 OK", {"status": "ok", "database": "ok"}
            except Exception as exc:  # any failure to reach the database is unhealthy
                log.error("health check failed", extra={"error": repr(exc)})
                status, body = "503 Service Unavailable", {"status": "error", "database": "unreachable"}
            payload = json.dumps(body).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
            return [payload]
        return slack(environ, start_response)

    return application

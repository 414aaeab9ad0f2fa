"""Structured logs: one JSON object per line on stderr, with any `extra=` fields included.

Private text never reaches a log line: the bot logs ids, kinds and counts, never names, emails,
notes, evidence, rationale or check-in answers; SQL parameters are hidden by the engine; and an
exception is logged as its type and stack only, never its message (a database error's message
can quote the row it refused, a parsing error the input it could not read). Libraries that log
request bodies at DEBUG (slack_sdk, urllib3, SQLAlchemy's engine) are kept at INFO or above.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import datetime, timezone

BOLT_TOKEN_NOTICE = "As you gave `client` as well, `token` will be unused."
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
# Loggers that would write request and response bodies, or SQL with values, below these levels.
QUIET = {
    "slack_sdk": logging.INFO,
    "slack_bolt": logging.INFO,
    "urllib3": logging.INFO,
    "sqlalchemy": logging.WARNING,
    "apscheduler": logging.WARNING,
    "gunicorn.access": logging.INFO,
}


def stack_only(exc_info) -> str:
    """The traceback's frames and each exception's type, with every message withheld."""
    _, error, _ = exc_info
    parts: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        frames = "".join(traceback.format_tb(error.__traceback__))
        parts.append(f"{frames}{type(error).__module__}.{type(error).__qualname__} (message withheld)")
        error = error.__cause__ or error.__context__
    return "\n--- raised while handling ---\n".join(reversed(parts))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exc"] = stack_only(record.exc_info)
        return json.dumps(entry, default=str)


class Quiet(logging.Filter):
    """Drops records below the floor of the libraries in QUIET, whatever level their loggers were given
    (Bolt copies the root's level onto the loggers it creates, so a DEBUG root would let bodies through)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("slack_bolt") and record.msg == BOLT_TOKEN_NOTICE:
            return False  # create_app hands Bolt its one client; Bolt still reads SLACK_BOT_TOKEN and says so
        for name, floor in QUIET.items():
            if record.name == name or record.name.startswith(name + "."):
                return record.levelno >= floor
        return True


def configure_logging(level: str = "INFO", stream=None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(Quiet())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(logging.getLevelName(level), floor))


def gunicorn_logconfig(level: str = "INFO") -> dict:
    """gunicorn's `logconfig_dict`: its error and access logs as the same JSON lines, through the same filter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "filters": {"quiet": {"()": Quiet}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["quiet"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
        },
    }

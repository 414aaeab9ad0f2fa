"""Wiring for the processes: settings checked, database prepared, app and WSGI built."""

from __future__ import annotations

import logging
import sys

from bot.app import create_app
from bot.config import NEEDS, ConfigError, Settings, load_settings
from bot.db import make_engine, make_session_factory
from bot.logs import configure_logging
from bot.migrate import upgrade
from bot.playbook import PlaybookError, load_playbook


def settings_or_exit(command: str) -> Settings:
    """Settings for `command`, or one line per problem on stderr and exit status 2."""
    try:
        settings = load_settings(require=NEEDS[command])
        if command in ("serve", "socket"):
            load_playbook(settings.playbook_path)  # a bad playbook stops the start, naming the key
    except (ConfigError, PlaybookError) as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_level)
    return settings


def check_slack_or_exit(settings: Settings) -> None:
    """One auth.test before serving, so a wrong token or an unreachable Slack is one clear line."""
    from urllib.error import URLError

    from slack_sdk.errors import SlackApiError

    from bot.config import WHERE
    from bot.slack import build_client

    sdk_log = logging.getLogger("slack_sdk")
    level, sdk_log.level = sdk_log.level, logging.CRITICAL  # this function reports the failure itself
    try:
        build_client(settings, background=True, timeout=10).auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") or f"HTTP {exc.response.status_code}"
        print(f"error: Slack refused SLACK_BOT_TOKEN ({error}): use {WHERE['SLACK_BOT_TOKEN']}.", file=sys.stderr)
        raise SystemExit(2) from None
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        print(f"error: cannot reach Slack at {settings.slack_api_url} ({reason}): check SLACK_API_URL and the "
              "network.", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        sdk_log.setLevel(level)


def prepare_embedded_database(settings: Settings) -> None:
    """The embedded SQLite database is brought up to date on start; PostgreSQL by the release phase."""
    if settings.is_sqlite:
        upgrade(settings.database_url)


def build_wsgi(settings: Settings):
    from bot.web import create_wsgi

    engine = make_engine(settings.database_url)
    app = create_app(settings, session_factory=make_session_factory(engine))
    return create_wsgi(app, engine, signing_secret=settings.slack_signing_secret)

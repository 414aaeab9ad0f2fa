"""Settings from the environment (and a `.env` file), checked once at start.

Every problem is reported as one line that names the variable and says where to get a
good value, so an operator never has to read a traceback to start the bot.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

# The current directory holds what an operator keeps beside the bot: its `.env` and, by default, its SQLite
# file. The same wherever the bot runs from: a clone, an installed wheel (`ml-hiring-bot`), the image.
DEFAULT_DATABASE_URL = "sqlite:///mlhire.sqlite3"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
APPS_PAGE = "https://api.slack.com/apps"

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DIGEST_AT = re.compile(r"^([a-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})$")

# What each command needs beyond the database.
NEEDS = {
    "serve": ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
    "run": ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
    "socket": ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"),
    "clock": ("SLACK_BOT_TOKEN",),
    "sweep": ("SLACK_BOT_TOKEN",),
    "migrate": (),
    "status": (),
    "nudges": (),
    "workspaces": (),
    "forget-workspace": (),
    "adopt-single": (),
}

# The example values of .env.example: left unchanged they cannot work, so start-up refuses them.
PLACEHOLDERS = {
    "SLACK_BOT_TOKEN": "xoxb-your-bot-token",
    "SLACK_SIGNING_SECRET": "your-signing-secret",
    "SLACK_APP_TOKEN": "xapp-your-app-level-token",
    "HIRING_CHANNEL": "C0123HIRING",
    "ONBOARDING_CHANNEL": "C0123ONBOARD",
    "BOT_ADMINS": "U0123ADMIN",
}

WHERE = {
    "SLACK_BOT_TOKEN": f"the Bot User OAuth Token (xoxb-...) under OAuth & Permissions at {APPS_PAGE}",
    "SLACK_SIGNING_SECRET": f"the Signing Secret under Basic Information > App Credentials at {APPS_PAGE}",
    "SLACK_APP_TOKEN": (f"an App-Level Token (xapp-...) with connections:write under Basic Information at {APPS_PAGE}"),
    "HIRING_CHANNEL": (
        "the ID of the channel where requisitions are posted: open the channel, click its name at the top, and "
        "copy the Channel ID (C…) at the bottom of the About tab; then /invite the bot there"
    ),
    "ONBOARDING_CHANNEL": (
        "the ID of the channel for new hires' threads (optional; C…, at the bottom of the channel's About tab)"
    ),
    "BOT_ADMINS": (
        "your own member ID (U…): click your profile picture, then Profile, then ⋮ (More), then Copy member ID; "
        "several admins are separated by commas"
    ),
    "SLACK_CLIENT_ID": f"the Client ID under Basic Information > App Credentials at {APPS_PAGE}",
    "SLACK_CLIENT_SECRET": f"the Client Secret under Basic Information > App Credentials at {APPS_PAGE}",
}
# Without SLACK_BOT_TOKEN, these two run the bot in OAuth mode: any number of workspaces install it.
OAUTH = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


class ConfigError(Exception):
    """One or more settings are missing or malformed; `problems` holds one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_client_id: str = ""  # with the secret and no bot token: OAuth mode (bot.tenancy, bot.installs)
    slack_client_secret: str = ""
    departed_retention_days: int = 30  # a departed workspace's data is kept this long before it may be deleted
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    web_concurrency: int = 2
    web_threads: int = 8
    hiring_channel: str | None = None
    onboarding_channel: str | None = None
    bot_admins: frozenset[str] = field(default_factory=frozenset)
    default_timezone: str = "UTC"
    holiday_country: str | None = None
    holiday_subdivision: str | None = None  # e.g. "CA" for HOLIDAY_COUNTRY=US-CA
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    digest_weekday: int = 0  # the weekly digest: Monday (0) ...
    digest_time: time = time(9, 30)  # ... at 09:30 in DEFAULT_TIMEZONE
    playbook_path: Path | None = None
    sweep_interval_seconds: int = 60
    nudge_max_attempts: int = 5
    nudge_retention_days: int = 400  # sent and cancelled reminders older than this are deleted by the sweep
    send_threads: int = 4  # reminders one sweep sends at once (each to a different DM)
    event_threads: int = 4  # per web worker: App Home publishes and DM answers, off the acknowledging threads
    log_level: str = "INFO"
    clock_stale_minutes: int = 10  # no sweep for this long: /healthz and `status` say so, the admins are told once
    metrics_token: str = ""  # /metrics answers only `Authorization: Bearer <this>`; unset: /metrics is off
    metrics_port: int = 0  # the clock's own /metrics on METRICS_ADDRESS:METRICS_PORT (0: none)
    metrics_address: str = "127.0.0.1"

    @property
    def clock_stale_after(self) -> timedelta:
        return timedelta(minutes=self.clock_stale_minutes)

    @property
    def oauth(self) -> bool:
        """Installed through Slack's OAuth flow into any number of workspaces, rather than one bot token."""
        return bool(self.slack_client_id) and not self.slack_bot_token

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.bot_admins

    def today(self, now: datetime) -> date:
        """'Today' for date checks in forms: the date in DEFAULT_TIMEZONE (no per-user lookup before ack)."""
        return now.astimezone(ZoneInfo(self.default_timezone)).date()


def holiday_setting(raw: str, problems: list[str]) -> tuple[str | None, str | None]:
    """HOLIDAY_COUNTRY as (country, subdivision): a code the `holidays` package supports, optionally with one
    of its subdivisions ("US", "DE-BY", "US-CA"). Checked here so no sweep ever fails on it later."""
    if not raw:
        return None, None
    import holidays

    supported = holidays.list_supported_countries()
    country, _, subdivision = raw.upper().partition("-")
    if country not in supported:
        problems.append(
            f"HOLIDAY_COUNTRY {raw!r} is not a country the holidays package knows: use an ISO code "
            "such as US, GB or DE (optionally with a subdivision, such as US-CA or DE-BY)."
        )
        return None, None
    if subdivision and subdivision not in supported[country]:
        known = ", ".join(supported[country][:12]) or "none"
        problems.append(
            f"HOLIDAY_COUNTRY {raw!r}: {subdivision!r} is not a subdivision of {country} "
            f"(known: {known}{', ...' if len(supported[country]) > 12 else ''})."
        )
        return None, None
    return country, subdivision or None


def digest_setting(raw: str, problems: list[str]) -> tuple[int, time]:
    """DIGEST_AT as (weekday, time): "Mon 09:30" (the default), "tuesday 8:00"."""
    if not raw:
        return 0, time(9, 30)
    m = DIGEST_AT.match(raw.strip().lower())
    days = [d[:3] for d in WEEKDAYS]
    if m and m[1] in days and int(m[2]) < 24 and int(m[3]) < 60:
        return days.index(m[1]), time(int(m[2]), int(m[3]))
    problems.append(f"DIGEST_AT must be a weekday and a time such as 'Mon 09:30', not {raw!r}.")
    return 0, time(9, 30)


def normalise_database_url(url: str) -> str:
    """Hosting platforms hand out `postgres://`; SQLAlchemy with psycopg 3 wants `postgresql+psycopg://`."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_settings(  # noqa: C901 -- a flat list of independent checks
    env: Mapping[str, str] | None = None,
    *,
    require: Iterable[str] = (),
    dotenv: bool = True,
) -> Settings:
    """Read settings from `env` (default: the process environment, after loading `.env`).

    `require` names the variables the calling command cannot run without; see NEEDS.
    Raises ConfigError listing every problem found, one line each.
    """
    if env is None:
        if dotenv:
            from dotenv import load_dotenv

            load_dotenv(os.environ.get("ENV_FILE") or Path.cwd() / ".env", override=False)
        env = os.environ
    problems: list[str] = []

    def get(name: str) -> str:
        return (env.get(name) or "").strip()

    oauth = all(get(name) for name in OAUTH)
    if get("SLACK_BOT_TOKEN") and any(get(name) for name in OAUTH):
        problems.append(
            "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installs through "
            "Slack's OAuth flow), not both."
        )
    elif any(get(name) for name in OAUTH) and not oauth:
        missing = next(name for name in OAUTH if not get(name))
        problems.append(f"{missing} is not set (OAuth mode needs both): use {WHERE[missing]}.")
    for name in require:
        if name == "SLACK_BOT_TOKEN" and any(get(n) for n in OAUTH):
            continue  # OAuth mode: each installation brings its own token
        if not get(name):
            problems.append(f"{name} is not set: use {WHERE[name]}.")

    bot_token, app_token = get("SLACK_BOT_TOKEN"), get("SLACK_APP_TOKEN")
    if bot_token and not bot_token.startswith("xoxb-"):
        problems.append(f"SLACK_BOT_TOKEN must start with xoxb-: use {WHERE['SLACK_BOT_TOKEN']}.")
    if app_token and not app_token.startswith("xapp-"):
        problems.append(f"SLACK_APP_TOKEN must start with xapp-: use {WHERE['SLACK_APP_TOKEN']}.")

    api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    if not re.match(r"^https?://", api_url):
        problems.append(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_SLACK_API_URL}, not {api_url!r}.")
    elif not api_url.endswith("/"):
        api_url += "/"

    database_url = normalise_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    try:
        make_url(database_url)
    except ArgumentError:
        problems.append(
            "DATABASE_URL is not a database URL: use postgresql://user:password@host:5432/name "
            "or sqlite:///path/to/file.sqlite3."
        )

    def integer(name: str, default: int, low: int, high: int) -> int:
        raw = get(name)
        if not raw:
            return default
        if raw.isdigit() and low <= int(raw) <= high:
            return int(raw)
        problems.append(f"{name} must be a whole number from {low} to {high}, not {raw!r}.")
        return default

    port = integer("PORT", 3000, 1, 65535)
    web_concurrency = integer("WEB_CONCURRENCY", 2, 1, 64)
    web_threads = integer("WEB_THREADS", 8, 1, 256)
    sweep_interval = integer("SWEEP_INTERVAL_SECONDS", 60, 5, 3600)
    nudge_max_attempts = integer("NUDGE_MAX_ATTEMPTS", 5, 1, 20)
    nudge_retention_days = integer("NUDGE_RETENTION_DAYS", 400, 30, 36500)
    send_threads = integer("SEND_THREADS", 4, 1, 32)
    departed_retention_days = integer("DEPARTED_RETENTION_DAYS", 30, 0, 3650)
    event_threads = integer("EVENT_THREADS", 4, 1, 64)
    clock_stale_minutes = integer("CLOCK_STALE_MINUTES", 10, 1, 1440)
    metrics_port = integer("METRICS_PORT", 0, 0, 65535)

    def channel(name: str) -> str | None:
        raw = get(name)
        if raw and not CHANNEL_ID.match(raw):
            problems.append(
                f"{name} must be a channel ID like C0123ABCD (channel details > About, at the bottom), not {raw!r}."
            )
            return None
        return raw or None

    hiring_channel, onboarding_channel = channel("HIRING_CHANNEL"), channel("ONBOARDING_CHANNEL")

    admins = frozenset(a.strip() for a in get("BOT_ADMINS").split(",") if a.strip())
    bad_admins = sorted(a for a in admins if not USER_ID.match(a))
    if bad_admins:
        problems.append(
            "BOT_ADMINS must be comma-separated Slack user IDs like U0123ABCD "
            f"(profile > ... > Copy member ID); not {', '.join(bad_admins)}."
        )

    tz = get("DEFAULT_TIMEZONE") or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Berlin, not {tz!r}.")
        tz = "UTC"

    for name, example in PLACEHOLDERS.items():
        if example and example in {part.strip() for part in get(name).split(",")}:
            problems.append(
                f"{name} still has the example value {example!r} from .env.example: "
                f"use {WHERE.get(name, 'your own value')}."
            )

    holiday_country, holiday_subdivision = holiday_setting(get("HOLIDAY_COUNTRY"), problems)

    work_start, work_end = time(9, 0), time(18, 0)
    raw_hours = get("WORKING_HOURS")
    if raw_hours:
        m = HOURS.match(raw_hours)
        parsed = None
        if m:
            try:
                parsed = time(int(m[1]), int(m[2])), time(int(m[3]), int(m[4]))
            except ValueError:
                parsed = None
        if parsed and parsed[0] < parsed[1]:
            work_start, work_end = parsed
        else:
            problems.append(f"WORKING_HOURS must look like 09:00-18:00 (start before end), not {raw_hours!r}.")

    digest_weekday, digest_time = digest_setting(get("DIGEST_AT"), problems)

    playbook_path = None
    raw_playbook = get("PLAYBOOK_PATH")
    if raw_playbook:
        playbook_path = Path(raw_playbook).expanduser()
        if not playbook_path.is_file():
            problems.append(f"PLAYBOOK_PATH points to {raw_playbook!r}, which is not a readable file.")

    log_level = (get("LOG_LEVEL") or "INFO").upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        problems.append(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {log_level!r}.")
        log_level = "INFO"

    if problems:
        raise ConfigError(problems)
    return Settings(
        slack_bot_token=bot_token,
        slack_signing_secret=get("SLACK_SIGNING_SECRET"),
        slack_app_token=app_token,
        slack_client_id=get("SLACK_CLIENT_ID"),
        slack_client_secret=get("SLACK_CLIENT_SECRET"),
        departed_retention_days=departed_retention_days,
        slack_api_url=api_url,
        database_url=database_url,
        port=port,
        web_concurrency=web_concurrency,
        web_threads=web_threads,
        hiring_channel=hiring_channel,
        onboarding_channel=onboarding_channel,
        bot_admins=admins,
        default_timezone=tz,
        holiday_country=holiday_country,
        holiday_subdivision=holiday_subdivision,
        work_start=work_start,
        work_end=work_end,
        digest_weekday=digest_weekday,
        digest_time=digest_time,
        playbook_path=playbook_path,
        sweep_interval_seconds=sweep_interval,
        nudge_max_attempts=nudge_max_attempts,
        nudge_retention_days=nudge_retention_days,
        send_threads=send_threads,
        event_threads=event_threads,
        log_level=log_level,
        clock_stale_minutes=clock_stale_minutes,
        metrics_token=get("METRICS_TOKEN"),
        metrics_port=metrics_port,
        metrics_address=get("METRICS_ADDRESS") or "127.0.0.1",
    )

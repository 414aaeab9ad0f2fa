"""Settings: every problem is one line naming the variable and where to get it."""

from __future__ import annotations

from datetime import time

import pytest

from bot.config import NEEDS, WHERE, ConfigError, load_settings
from tests.support.cli import GOOD, run_here
from tests.support.paths import ROOT


def problems(env: dict, require=("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        load_settings(env, require=require)
    return exc.value.problems


def test_a_good_environment_loads_with_defaults():
    s = load_settings(
        GOOD | {"BOT_ADMINS": "U01, W02 ,", "DATABASE_URL": "postgres://u:p@db:5432/hire"},
        require=("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
    )
    assert s.bot_admins == frozenset({"U01", "W02"}) and s.is_admin("U01") and not s.is_admin("U03")
    assert s.database_url == "postgresql+psycopg://u:p@db:5432/hire"
    assert (s.port, s.slack_api_url, s.default_timezone) == (3000, "https://slack.com/api/", "UTC")
    assert (s.work_start, s.work_end) == (time(9), time(18))
    assert s.database_url.startswith("postgresql") and not s.is_sqlite


def test_missing_variables_are_named_with_where_to_get_them():
    found = problems({})
    assert len(found) == 2
    assert found[0].startswith("SLACK_BOT_TOKEN is not set") and "OAuth & Permissions" in found[0]
    assert found[1].startswith("SLACK_SIGNING_SECRET is not set") and "Signing Secret" in found[1]


@pytest.mark.parametrize(
    "name, value, says",
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "SLACK_BOT_TOKEN must start with xoxb-"),
        ("SLACK_APP_TOKEN", "xoxb-wrong", "SLACK_APP_TOKEN must start with xapp-"),
        ("SLACK_API_URL", "slack.com/api", "SLACK_API_URL must be an http(s) URL"),
        ("DATABASE_URL", "not a url", "DATABASE_URL is not a database URL"),
        ("PORT", "eighty", "PORT must be a whole number from 1 to 65535"),
        ("PORT", "70000", "PORT must be a whole number"),
        ("HIRING_CHANNEL", "#hiring", "HIRING_CHANNEL must be a channel ID"),
        ("BOT_ADMINS", "U01,alice", "BOT_ADMINS must be comma-separated Slack user IDs"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "DEFAULT_TIMEZONE must be an IANA time zone"),
        ("HOLIDAY_COUNTRY", "XX", "HOLIDAY_COUNTRY 'XX' is not a country the holidays package knows"),
        ("HOLIDAY_COUNTRY", "ZZ-9", "HOLIDAY_COUNTRY 'ZZ-9' is not a country the holidays package knows"),
        ("HOLIDAY_COUNTRY", "US-ZZ", "HOLIDAY_COUNTRY 'US-ZZ': 'ZZ' is not a subdivision of US"),
        ("SLACK_SIGNING_SECRET", "your-signing-secret", "SLACK_SIGNING_SECRET still has the example value"),
        ("BOT_ADMINS", "U0123ADMIN,U0REAL", "BOT_ADMINS still has the example value"),
        ("WORKING_HOURS", "18:00-09:00", "WORKING_HOURS must look like 09:00-18:00"),
        ("WORKING_HOURS", "25:00-26:00", "WORKING_HOURS must look like"),
        ("PLAYBOOK_PATH", "/nonexistent/playbook.yaml", "PLAYBOOK_PATH points to"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL must be"),
        ("NUDGE_MAX_ATTEMPTS", "0", "NUDGE_MAX_ATTEMPTS must be a whole number from 1 to 20"),
    ],
)
def test_malformed_values_are_named(name, value, says):
    [problem] = problems(GOOD | {name: value})
    assert problem.startswith(says)


def test_slack_api_url_gets_a_trailing_slash_and_hours_parse():
    s = load_settings(GOOD | {"SLACK_API_URL": "http://127.0.0.1:9/api", "WORKING_HOURS": "08:30-17:00"})
    assert s.slack_api_url == "http://127.0.0.1:9/api/"
    assert (s.work_start, s.work_end) == (time(8, 30), time(17))


def test_start_up_errors_are_lines_not_tracebacks(tmp_path):
    result = run_here(
        "serve", env={"SLACK_BOT_TOKEN": "xoxp-1", "PORT": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"}
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "error: SLACK_SIGNING_SECRET is not set: use the Signing Secret under Basic Information > App Credentials "
        "at https://api.slack.com/apps.",
        "error: SLACK_BOT_TOKEN must start with xoxb-: use the Bot User OAuth Token (xoxb-...) under OAuth & "
        "Permissions at https://api.slack.com/apps.",
        "error: PORT must be a whole number from 1 to 65535, not 'x'.",
    ]
    assert "Traceback" not in result.stderr


def test_a_bad_playbook_stops_the_start_naming_the_key(tmp_path):
    own = tmp_path / "acme.yaml"
    own.write_text("levels:\n  senior:\n    contractor_band: principal\n")
    result = run_here("serve", env=GOOD | {"PLAYBOOK_PATH": str(own), "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"})
    assert result.returncode == 2
    assert "levels.senior.contractor_band: 'principal' is not one of contractor.bands" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_refused_token_or_an_unreachable_slack_is_one_line(tmp_path, fake_slack):
    env = {"SLACK_BOT_TOKEN": "xoxb-wrong", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"}
    refused = run_here("serve", env=env | {"SLACK_API_URL": fake_slack.url})
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("error: Slack refused SLACK_BOT_TOKEN (invalid_auth)")
    unreachable = run_here("serve", env=env | {"SLACK_API_URL": "http://127.0.0.1:9/api/"})
    assert unreachable.returncode == 2 and "Traceback" not in unreachable.stderr
    assert unreachable.stderr.startswith("error: cannot reach Slack at http://127.0.0.1:9/api/")


def test_a_supported_holiday_country_and_subdivision_load():
    s = load_settings(GOOD | {"HOLIDAY_COUNTRY": "us-ca"}, require=())
    assert (s.holiday_country, s.holiday_subdivision) == ("US", "CA")
    from datetime import date

    from bot.nudges.rows import work_calendar

    assert not work_calendar(s).is_business_day(date(2026, 3, 31))  # Cesar Chavez Day, California only
    assert work_calendar(load_settings(GOOD | {"HOLIDAY_COUNTRY": "US"}, require=())).is_business_day(date(2026, 3, 31))


def test_every_example_value_in_env_example_is_refused():
    """.env.example and the refusal list cannot drift apart."""
    from bot.config import PLACEHOLDERS

    examples = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.lstrip("# ").strip()
        name, sep, value = line.partition("=")
        if sep and name in PLACEHOLDERS:
            examples[name] = value.split()[0]
    assert examples == PLACEHOLDERS
    for name, value in examples.items():
        found = problems(GOOD | {name: value}, require=())
        assert any(p.startswith(f"{name} still has the example value") for p in found), name


def test_oauth_mode_takes_the_apps_credentials_instead_of_a_bot_token():
    oauth = {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "s3cret", "SLACK_SIGNING_SECRET": "x"}
    s = load_settings(oauth, require=NEEDS["serve"], dotenv=False)
    assert s.oauth and not s.slack_bot_token
    assert not load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "x"}, dotenv=False).oauth
    both = problems({**oauth, "SLACK_BOT_TOKEN": "xoxb-1"}, NEEDS["serve"])
    assert any("not both" in line for line in both)
    half = problems({"SLACK_CLIENT_ID": "1111.2222", "SLACK_SIGNING_SECRET": "x"}, NEEDS["serve"])
    assert half == [f"SLACK_CLIENT_SECRET is not set (OAuth mode needs both): use {WHERE['SLACK_CLIENT_SECRET']}."]

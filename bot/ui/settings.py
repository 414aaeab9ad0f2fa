"""Block Kit for settings kept in Slack: the Settings section of an admin's App Home and its modal."""

from __future__ import annotations

from bot.config import WEEKDAYS, Settings
from bot.flows.settings import ids
from bot.flows.settings.forms import holiday_countries
from bot.models import SettingChange
from bot.ui.blocks import button, context, input_block, modal, option, plain, prefilled, section


def home_section(settings: Settings, shown: dict[str, str]) -> list[dict]:
    """For admins only (the caller decides): what is in force, and the button to change it."""
    summary = " · ".join(f"{name}: {value}" for name, value in shown.items())
    return [
        section("*Settings*", accessory=button("Change settings", ids.OPEN, "settings")),
        context(summary[:3000]),
    ]


def _country_select() -> dict:
    """Every country the holidays package supports, grouped by initial (Slack allows 100 options a group)."""
    groups: dict[str, list[dict]] = {}
    for code, name in holiday_countries().items():
        groups.setdefault(name[0].upper(), []).append(option(code, f"{name} ({code})"))
    return {
        "type": "static_select",
        "action_id": "value",
        "placeholder": plain("Choose a country"),
        "option_groups": [
            {"label": plain("No holidays"), "options": [option(ids.NO_HOLIDAYS, "No public holidays")]},
            *({"label": plain(letter), "options": opts[:100]} for letter, opts in sorted(groups.items())),
        ][:100],
    }


def _picker(kind: str, placeholder: str, **extra) -> dict:
    return {"type": kind, "action_id": "value", "placeholder": plain(placeholder), **extra}


def settings_modal(settings: Settings, history: list[SettingChange], version: int) -> dict:
    channel_filter = {"include": ["public", "private"], "exclude_bot_users": True}
    blocks = [
        input_block(
            ids.HIRING_CHANNEL,
            "Hiring channel",
            _picker("conversations_select", "Choose a channel", filter=channel_filter),
            optional=True,
            hint="Where requisitions are posted by default and where the weekly digest goes.",
        ),
        input_block(
            ids.ONBOARDING_CHANNEL,
            "Onboarding channel",
            _picker("conversations_select", "Choose a channel", filter=channel_filter),
            optional=True,
        ),
        input_block(
            ids.ADMINS,
            "Admins (recruiters)",
            _picker("multi_users_select", "Choose people"),
            optional=True,
            hint="Admins see every report and requisition and change these settings. Keep at least one.",
        ),
        input_block(ids.HOLIDAY_COUNTRY, "Public holidays of", _country_select()),
        input_block(
            ids.HOLIDAY_REGION,
            "Region",
            _picker("plain_text_input", "e.g. CA for California, BY for Bavaria"),
            optional=True,
        ),
        input_block(ids.WORK_START, "Working day starts", _picker("timepicker", "Select a time")),
        input_block(ids.WORK_END, "Working day ends", _picker("timepicker", "Select a time")),
        input_block(
            ids.DIGEST_DAY,
            "Weekly digest on",
            _picker(
                "static_select", "Choose a day", options=[option(str(i), d.title()) for i, d in enumerate(WEEKDAYS)]
            ),
            hint=f"In {settings.default_timezone}; a holiday moves it to the next working day.",
        ),
        input_block(ids.DIGEST_TIME, "Weekly digest at", _picker("timepicker", "Select a time")),
    ]
    values = {
        ids.HIRING_CHANNEL: settings.hiring_channel,
        ids.ONBOARDING_CHANNEL: settings.onboarding_channel,
        ids.ADMINS: sorted(settings.bot_admins) or None,
        ids.HOLIDAY_COUNTRY: settings.holiday_country or ids.NO_HOLIDAYS,
        ids.HOLIDAY_REGION: settings.holiday_subdivision,
        ids.WORK_START: settings.work_start,
        ids.WORK_END: settings.work_end,
        ids.DIGEST_DAY: str(settings.digest_weekday),
        ids.DIGEST_TIME: settings.digest_time,
    }
    blocks = prefilled(blocks, values)
    lines = [
        f"• <!date^{int(c.changed_at.timestamp())}^{{date_short}} {{time}}|{c.changed_at:%d %b %Y %H:%M} UTC> "
        f"<@{c.changed_by}>: {c.field} {c.old} → {c.new}"
        for c in history
    ]
    blocks.append(
        context(
            ("*Changes*\n" + "\n".join(lines))[:3000]
            if lines
            else "No changes yet: these are the environment's settings."
        )
    )
    return modal(
        ids.CALLBACK, "Settings", blocks, submit="Save", private_metadata=ids.SettingsRef(version=version).dump()
    )

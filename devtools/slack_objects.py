"""The objects the Slack double answers with, as rich as Slack's own: a test sees every field a real answer
carries, not only the ones the bot reads today. Shapes follow the response examples of Slack's Web API
spec (users.info, chat.postMessage, views.open) and the fields the docs list for them."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from devtools.shapes import Shape, installed_team, team_of

APP_ID = "A0MLHIRE"
BOT_ID = "B0MLHIRE"


def zone_fields(tz: str | None, now: datetime) -> dict:
    """tz, tz_label and tz_offset as Slack gives them: the offset is for the zone's current DST state."""
    if not tz:
        return {"tz": None, "tz_label": None, "tz_offset": 0}
    try:
        local = now.astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return {"tz": tz, "tz_label": tz, "tz_offset": 0}
    offset = local.utcoffset()
    return {"tz": tz, "tz_label": local.tzname(), "tz_offset": int(offset.total_seconds()) if offset else 0}


def user(entry: dict, shape: Shape, now: datetime | None = None) -> dict:
    """A users.info `user` from what a test set (`id`, `tz`, `is_bot`, `deleted`, `profile`…): every other
    field a real member has, with the test's values winning."""
    uid = entry["id"]
    name = entry.get("name") or uid.lower()
    bot = bool(entry.get("is_bot"))
    profile = {
        "title": "",
        "phone": "",
        "skype": "",
        "real_name": name.title(),
        "real_name_normalized": name.title(),
        "display_name": name,
        "display_name_normalized": name,
        "fields": None,
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": "g0000000000a",
        "first_name": name.title(),
        "last_name": "",
        "image_24": "https://fake.slack.test/avatar_24.png",
        "image_48": "https://fake.slack.test/avatar_48.png",
        "image_72": "https://fake.slack.test/avatar_72.png",
        "image_192": "https://fake.slack.test/avatar_192.png",
        "team": team_of(shape),
    }
    if bot:
        profile |= {"bot_id": "B0" + uid[2:], "api_app_id": "A0" + uid[2:], "always_active": False}
    else:
        profile["email"] = f"{name}@example.org"
    full = {
        "id": uid,
        "team_id": team_of(shape),
        "name": name,
        "deleted": False,
        "color": "9f69e7",
        "real_name": name.title(),
        **zone_fields(entry.get("tz"), now or datetime.now(timezone.utc)),
        "is_admin": False,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": bot,
        "is_app_user": False,
        "updated": 1764000000,
        "is_email_confirmed": not bot,
        "who_can_share_contact_card": "EVERYONE",
    }
    if shape is Shape.GRID_ORG:
        full["enterprise_user"] = {
            "id": uid,
            "enterprise_id": "E0ACME",
            "enterprise_name": "Acme Org",
            "is_admin": False,
            "is_owner": False,
            "teams": [team_of(shape)],
        }
    if shape is Shape.CONNECT:
        full["is_stranger"] = False  # a member of a shared channel: known, from another organisation
    given = {k: v for k, v in entry.items() if k != "profile"}
    full |= given
    full["profile"] = profile | (entry.get("profile") or {})
    if "tz" in given:
        full |= zone_fields(given["tz"], now or datetime.now(timezone.utc))
    return full


def posted(shape: Shape, *, text, blocks, ts: str, thread_ts=None, metadata=None) -> dict:
    """The `message` a chat.postMessage answer carries: the bot's message as Slack stored it."""
    message = {
        "type": "message",
        "subtype": "bot_message",
        "text": text,
        "ts": ts,
        "username": "ML Hiring",
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "team": installed_team(shape),
        "bot_profile": {
            "id": BOT_ID,
            "app_id": APP_ID,
            "name": "ML Hiring",
            "deleted": False,
            "team_id": installed_team(shape),
            "updated": 1764000000,
            "icons": {"image_36": "https://fake.slack.test/bot_36.png"},
        },
        "blocks": blocks,
    }
    if thread_ts:
        message["thread_ts"] = thread_ts
    if metadata:
        message["metadata"] = metadata
    return message


def opened_view(shape: Shape, view: dict, view_id: str, *, previous: str | None = None) -> dict:
    """A view as views.open / update / push / publish answer it: what the app sent plus Slack's own fields."""
    team = team_of(shape)
    return {
        "id": view_id,
        "team_id": team,
        "type": view.get("type"),
        "private_metadata": "",
        "callback_id": "",
        "state": {"values": {}},
        "hash": f"1764000000.{view_id[-8:]:0>8}",
        "clear_on_close": False,
        "notify_on_close": False,
        "close": None,
        "submit": None,
        "previous_view_id": previous,
        "root_view_id": view_id,
        "app_id": APP_ID,
        "external_id": "",
        "app_installed_team_id": installed_team(shape),
        "bot_id": BOT_ID,
    } | view


def conversation(shape: Shape, channel_id: str, info: dict, *, member: bool) -> dict:
    """A conversations.info `channel`: a public or private channel as Slack describes it (shared with another
    organisation in the Connect shape)."""
    name = info.get("name") or channel_id.lower()
    private = bool(info.get("is_private"))
    shared = shape is Shape.CONNECT
    return {
        "id": channel_id,
        "name": name,
        "is_channel": not private,
        "is_group": private,
        "is_im": False,
        "is_mpim": False,
        "is_private": private,
        "created": 1700000000,
        "is_archived": bool(info.get("is_archived")),
        "is_general": False,
        "unlinked": 0,
        "name_normalized": name,
        "is_shared": shared,
        "is_org_shared": shape is Shape.GRID_ORG,
        "is_ext_shared": shared,
        "is_pending_ext_shared": False,
        "context_team_id": installed_team(shape),
        "updated": 1764000000000,
        "creator": "U0ADMIN",
        "is_member": member,
        "topic": {"value": "", "creator": "", "last_set": 0},
        "purpose": {"value": info.get("purpose", ""), "creator": "", "last_set": 0},
        "previous_names": [],
    }

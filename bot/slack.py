"""The one place that builds the Slack Web API client."""

from __future__ import annotations

import logging
import re
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.flows.inputs import USER_ID
from bot.flows.people import Person, person_problem
from bot.metrics import CountErrors
from bot.ui.blocks import section

log = logging.getLogger(__name__)


def build_client(settings: Settings, *, background: bool = False, timeout: int = 10) -> WebClient:
    """A WebClient on SLACK_API_URL.

    For requests from people it retries connection errors, 429s (after Retry-After) and 5xx.
    The sweep (`background=True`) retries nothing itself: it puts a nudge back with a later due
    time instead of sleeping while it holds a claim. Both count every failed call (bot.metrics.CountErrors).
    """
    handlers = [CountErrors()] + (
        []
        if background
        else [
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    )
    return WebClient(
        token=settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=handlers,
    )


FORM_BUDGET = 1.5  # seconds of users.info a form may spend before its 3-second acknowledgement


def look_up(client: WebClient, users: set[str], *, budget: float | None = FORM_BUDGET) -> dict[str, Person]:
    """users.info for people picked in a form: bots, deactivated accounts, time zones.

    Someone Slack could not answer for (a 5xx, a timeout, or the time `budget` ran out) is left
    out, so a form is never refused on a guess, and a slow Slack never costs the form its
    acknowledgement: within the budget each call gets what time is left and no retries. The
    caller checks the ones left out after the commit (`budget=None`: the full client, retries).
    """
    out: dict[str, Person] = {}
    deadline = time.monotonic() + budget if budget is not None else None
    for user in sorted(users):
        if not USER_ID.match(user):
            out[user] = Person(user, found=False)
            continue
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0.05:
                continue
            quick = WebClient(
                token=client.token, base_url=client.base_url, timeout=left, retry_handlers=[CountErrors()]
            )
        try:
            info = (quick if deadline is not None else client).users_info(user=user)["user"]
        except (OSError, TimeoutError):
            continue
        except SlackApiError as exc:
            if exc.response.get("error") == "user_not_found":
                out[user] = Person(user, found=False)
            continue
        out[user] = Person(
            user,
            is_bot=bool(info.get("is_bot")) or user == "USLACKBOT",
            deleted=bool(info.get("deleted")),
            tz=info.get("tz"),
            name=shown_name(info),
        )
    return out


def names_of(client: WebClient, users: set[str], *, budget: float = 20.0) -> dict[str, str]:
    """{user id: name} for a report file, as Slack answers within `budget` (after the acknowledgement)."""
    return {u: p.name for u, p in look_up(client, users, budget=budget).items() if p.name}


def shown_name(info: dict) -> str | None:
    profile = info.get("profile") if isinstance(info.get("profile"), dict) else {}
    for name in (profile.get("display_name"), profile.get("real_name"), info.get("real_name"), info.get("name")):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>")
CHANNEL = re.compile(r"<#(C[A-Z0-9]{2,})(?:\|([^>]*))?>")
LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")


def in_words(text: str, client: WebClient, *, budget: float = FORM_BUDGET / 3) -> str:
    """`text` for a plain-text surface (an inline error, a title): a mention becomes the person's name (as
    Slack answers within `budget`, else "another person"), a channel its name (or "the channel"), a link
    its label (or its address)."""
    people = look_up(client, set(MENTION.findall(text)), budget=budget) if "<@" in text else {}
    text = MENTION.sub(lambda m: getattr(people.get(m[1]), "name", None) or "another person", text)
    text = CHANNEL.sub(lambda m: f"#{m[2]}" if m[2] else "the channel", text)
    return LINK.sub(lambda m: m[2] or m[1], text)


def admin_problem(person: Person | None) -> str | None:
    """Why someone picked as an admin cannot be one (an active human member), or None."""
    if person is not None and person_problem(person) is not None:
        return (
            "Every admin must be an active person in this workspace; one picked is not (unknown, deactivated or a bot)."
        )
    return None


NO_ANSWER = "Slack did not answer"


def channel_problem(
    client: WebClient, channel: str | None, *, unanswered: str | None = None, timeout: float | None = None
) -> str | None:
    """Why the bot cannot post in `channel` (conversations.info), or None. A channel Slack could not answer for
    (an outage, or not within `timeout` seconds, no retries: a form's acknowledgement waits on it) is let
    through rather than refused on a guess, as people are: `unanswered` is said instead."""
    if not channel:
        return None
    if timeout is not None:
        client = WebClient(
            token=client.token, base_url=client.base_url, timeout=timeout, retry_handlers=[CountErrors()]
        )
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except (OSError, TimeoutError):
        return unanswered
    except SlackApiError as exc:
        if exc.response.get("error") in ("channel_not_found", "invalid_channel"):
            return "That is not a channel the bot can see: pick one from the list, and invite the bot to it."
        return unanswered
    if info.get("is_archived"):
        return "That channel is archived: pick a channel that is in use."
    if not info.get("is_member") and not info.get("is_im"):
        return "The bot is not a member of that channel: invite it first (/invite @ML Hiring), then save."
    return None


def unverified(users: set[str], people: dict[str, Person]) -> set[str]:
    """The picked people Slack did not answer for before the acknowledgement."""
    return {u for u in users if u and u not in people}


def tell_if_not_people(client: WebClient, users: set[str], *, tell: str, what: str) -> None:
    """After the commit: check the people a form could not verify in time, and tell `tell` about any that
    turn out not to be an active human member, so they can pick someone else."""
    if not users:
        return
    for user, person in look_up(client, users, budget=None).items():
        if (problem := person_problem(person)) is not None:
            best_effort(
                "say a picked person is not active",
                client.chat_postMessage,
                channel=tell,
                text=f":warning: <@{user}>, picked as {what}: {problem} Please pick someone else.",
            )


def replace_message(
    client: WebClient, what: str, channel: str | None, ts: str | None, text: str, blocks: list | None = None
) -> None:
    """Rewrite the bot's own recorded message in place (best effort), when one was recorded: `text` alone,
    without buttons, unless `blocks` say otherwise."""
    if channel and ts:
        best_effort(what, client.chat_update, channel=channel, ts=ts, text=text, blocks=blocks or [section(text)])


def best_effort(what: str, call, **kwargs):
    """Make one Web API call whose failure must not undo committed work: log it and go on.

    Returns the response, or None when Slack refused (the caller decides what to tell whom).
    """
    try:
        return call(**kwargs)
    except SlackApiError as exc:
        log.warning("could not %s", what, extra={"channel": kwargs.get("channel"), "error": exc.response.get("error")})
        return None
    except (OSError, TimeoutError) as exc:  # connection refused, reset, timed out
        log.warning("could not %s", what, extra={"channel": kwargs.get("channel"), "error": type(exc).__name__})
        return None


def member_by_email(client: WebClient, email: str) -> dict | None:
    """The active person Slack knows by `email` (`users.lookupByEmail`), or None: no such member, a bot,
    a deactivated account, or Slack did not answer (logged by error code only; the address is private)."""
    try:
        user = client.users_lookupByEmail(email=email)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") != "users_not_found":
            log.warning("look-up by email failed", extra={"error": exc.response.get("error")})
        return None
    except (OSError, TimeoutError):
        log.warning("look-up by email failed", extra={"error": "connection"})
        return None
    if not isinstance(user, dict) or user.get("deleted") or user.get("is_bot") or not user.get("id"):
        return None
    return user

"""The one place that builds the Slack Web API client."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.config import Settings


def build_client(settings: Settings, *, background: bool = False, timeout: int = 10) -> WebClient:
    """A WebClient on SLACK_API_URL.

    For requests from people it retries connection errors, 429s (after Retry-After) and 5xx.
    The sweep (`background=True`) retries nothing itself: it puts a nudge back with a later due
    time instead of sleeping while it holds a claim.
    """
    handlers = [] if background else [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=2),
        ServerErrorRetryHandler(max_retry_count=2),
    ]
    return WebClient(
        token=settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=handlers,
    )

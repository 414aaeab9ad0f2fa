"""The one Slack client: SLACK_API_URL and retries for rate limits and server errors."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.slack import build_client


def test_client_uses_the_configured_url_and_retry_handlers(settings, fake_slack):
    client = build_client(settings)
    assert client.base_url == fake_slack.url
    kinds = {type(h) for h in client.retry_handlers}
    assert {ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, ServerErrorRetryHandler} <= kinds


def test_a_rate_limited_post_is_retried_and_delivered_once(settings, fake_slack):
    fake_slack.fail_next("chat.postMessage", 429, headers={"Retry-After": "0"})
    response = build_client(settings).chat_postMessage(channel="C0HIRING", text="hello")
    assert response["ok"] is True
    assert len(fake_slack.called("chat.postMessage:failed")) == 1
    assert [p["text"] for p in fake_slack.called("chat.postMessage")] == ["hello"]

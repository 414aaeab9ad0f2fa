"""After a report's text is delivered: its charts and CSVs, uploaded into the requester's DM
(files.getUploadURLExternal, the upload, files.completeUploadExternal, through `files_upload_v2`).
A failed upload never takes back the text report; the requester is told what could not be sent."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack import best_effort, names_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    title: str
    render: Callable[..., bytes | str]  # drawn after the ack, off the acknowledgement's clock
    what: str  # "the chart", "the CSV": how a failure is told
    names: bool = False  # `render(names)`: a CSV naming people beside their ids (names asked of Slack here)


def send_report(client: WebClient, user: str, text: str, blocks: list[dict], attachments: list[Attachment]) -> None:
    """A report asked for from App Home: its text in the person's DM with the bot, then its files."""
    best_effort("send a report", client.chat_postMessage, channel=user, text=text, blocks=blocks)
    if attachments:
        upload(client, user, attachments)


def upload(client: WebClient, user: str, attachments: list[Attachment], respond=None) -> list[str]:
    """Upload each attachment into `user`'s DM; returns the file ids. Failures are told through `respond`
    (the command's ephemeral reply) or, without one, in the DM."""
    failed, done = [], []
    channel = None
    try:
        channel = client.conversations_open(users=user)["channel"]["id"]
    except (SlackClientError, OSError) as exc:
        log.warning("could not open a DM for a report file", extra={"error": _error(exc)})
    for item in attachments:
        if channel is None:
            failed.append(item.what)
            continue
        try:
            content = item.render(lambda ids: names_of(client, ids)) if item.names else item.render()
        except Exception as exc:  # a chart that cannot be drawn is told like one Slack refused
            log.error("could not draw a report file", extra={"file": item.filename, "error": type(exc).__name__})
            failed.append(item.what)
            continue
        try:
            sent = client.files_upload_v2(
                channel=channel,
                filename=item.filename,
                title=item.title,
                **({"content": content} if isinstance(content, str) else {"file": content}),
            )
            file = sent.get("file") or (sent.get("files") or [{}])[0]
            done.append(file.get("id"))
        except (SlackClientError, OSError) as exc:
            log.warning("could not upload a report file", extra={"file": item.filename, "error": _error(exc)})
            failed.append(item.what)
    if failed:
        note = f":warning: Slack did not take {' and '.join(failed)}; the figures above are complete. Try again later."
        if respond is not None:
            respond(text=note, response_type="ephemeral", replace_original=False)
        elif channel is not None:
            try:
                client.chat_postMessage(channel=channel, text=note)
            except (SlackClientError, OSError):
                pass
    return done


def _error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
    return type(exc).__name__

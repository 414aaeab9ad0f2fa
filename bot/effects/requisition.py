"""Telling people about a requisition: the Slack side of the flow, after its state is committed.

Each send is its own step: a channel the bot cannot post in must not stop the approver from
being asked, and whatever went out is recorded so a later decision can update it.
"""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.effects.nudges import refresh_about
from bot.effects.requisition_life import refresh_post
from bot.flows.requisition import nudges, service, warnings
from bot.flows.requisition.estimate import posting_range
from bot.flows.requisition.jobdesc import JobDescription, draft_job_description
from bot.flows.requisition.lifecycle import Revised
from bot.models import Requisition
from bot.playbook import Playbook
from bot.slack import best_effort, replace_message
from bot.ui import requisition as ui
from bot.ui import requisition_life as life_ui
from bot.ui.blocks import section

POSTED_TOP = (
    "the top of the salary range closes the guide's open-topped band at the playbook's posting maximum, an "
    "assumption: the guide gives the band as a figure and up"
)


def job_description(playbook: Playbook, req: Requisition) -> JobDescription:
    in_house = req.hiring_model == "in_house"
    posted, closed = posting_range(playbook, level=req.level, location=req.location) if in_house else (None, False)
    return draft_job_description(
        playbook,
        specialization=req.specialization,
        level=req.level,
        stage=req.stage,
        work=req.work,
        mlops=req.mlops,
        tools=req.tools,
        domain=req.domain,
        pay_range=str(posted) if posted else None,
        pay_note=POSTED_TOP if closed else None,
        location=req.location,
        readiness=req.readiness_answers,
        regulated=warnings.regulated(playbook, warnings.answers_of(req)),
    )


def permalink(client: WebClient, channel: str | None, ts: str | None) -> str | None:
    if not (channel and ts):
        return None
    response = best_effort("get a permalink", client.chat_getPermalink, channel=channel, message_ts=ts)
    return response["permalink"] if response is not None else None


def _send(client: WebClient, what: str, req: Requisition, **kwargs) -> dict | None:
    response = best_effort(
        f"send the {what} for requisition #{req.number}", client.chat_postMessage, unfurl_links=False, **kwargs
    )
    return response.data if response is not None else None  # type: ignore[return-value]


def announce(client: WebClient, playbook: Playbook, req: Requisition) -> None:
    """Post the summary and job description, ask the approver, and confirm to the hiring manager."""
    assessment = service.assess(playbook, req)
    text, blocks = ui.summary(playbook, assessment)
    jd_text, jd_blocks = ui.job_description_message(req, job_description(playbook, req))
    link = None
    post = _send(client, "channel post", req, channel=req.channel_id, text=text, blocks=blocks)
    if post:
        service.record_post(req, channel=post["channel"], ts=post["ts"])
        jd = _send(
            client,
            "job description",
            req,
            channel=post["channel"],
            thread_ts=post["ts"],
            text=jd_text,
            blocks=jd_blocks,
        )
        if jd:
            service.record_job_description(req, ts=jd["ts"])
        link = permalink(client, post["channel"], post["ts"])

    where = f" (posted in <#{req.channel_id}>: <{link}|see the post>)" if link else ""  # no mention inside a label
    intro = f"<@{req.hiring_manager_id}> asks you to approve this requisition{where}."
    _, dm_blocks = ui.summary(playbook, assessment, intro=intro, approver_copy=True)
    dm = _send(
        client, "approval request", req, channel=req.approver_id, text=f"Approval needed: {text}", blocks=dm_blocks
    )
    if dm:
        service.record_approval_request(req, channel=dm["channel"], ts=dm["ts"])

    receipt = ui.receipt(playbook, assessment, link, posted=post is not None)
    if dm is None:
        receipt += f"\n:warning: I could not message <@{req.approver_id}>; please ask them directly."
    hm_notice(client, "receipt", req, receipt)
    if not req.jd_ts:  # no thread to put it in: the hiring manager gets it directly
        _send(client, "job description", req, channel=req.hiring_manager_id, text=jd_text, blocks=jd_blocks)


def hm_notice(client: WebClient, what: str, req: Requisition, text: str) -> None:
    """A DM to the hiring manager, with *Revise* while the requisition can still be revised. The previous
    one that offered *Revise* loses it (one live Revise at a time); this one is recorded when it offers it."""
    retire_revise(client, req)
    blocks = life_ui.with_revise(text, req)
    posted = _send(client, what, req, channel=req.hiring_manager_id, text=text, blocks=blocks)
    if posted and len(blocks) > 1:
        req.hm_notice_channel_id, req.hm_notice_ts, req.hm_notice_text = posted["channel"], posted["ts"], text


def retire_revise(client: WebClient, req: Requisition) -> None:
    """The hiring manager's recorded message offering *Revise* says what it said, without the button."""
    if req.hm_notice_ts:
        replace_message(client, "retire Revise", req.hm_notice_channel_id, req.hm_notice_ts, req.hm_notice_text or "")
        req.hm_notice_channel_id = req.hm_notice_ts = req.hm_notice_text = None


def publish_decision(client: WebClient, session: Session, playbook: Playbook, req: Requisition) -> None:
    """Replace both copies of the request (no stale buttons), retire the approval reminders' buttons and tell
    the hiring manager."""
    refresh_post(client, playbook, req)
    refresh_about(client, session, playbook, nudges.SUBJECT, req.id)
    link = permalink(client, req.channel_id, req.post_ts)
    hm_notice(client, "decision notice", req, ui.decision_notice(playbook, req, link))


def publish_revision(client: WebClient, playbook: Playbook, revised: Revised) -> None:
    """Update the post in place, retire the old approval request's buttons, ask the approver again."""
    req, changes = revised.requisition, revised.changes
    assessment = service.assess(playbook, req)
    text, blocks = ui.summary(playbook, assessment, changes=changes)
    if req.post_ts:
        best_effort(
            f"update requisition #{req.number}",
            client.chat_update,
            channel=req.channel_id,
            ts=req.post_ts,
            text=text,
            blocks=blocks,
        )
    old_channel, old_ts = revised.old_approval
    if old_channel and old_ts:
        replaced = life_ui.replaced_request(playbook, req)
        best_effort(
            f"retire the old request for #{req.number}",
            client.chat_update,
            channel=old_channel,
            ts=old_ts,
            text=replaced,
            blocks=[section(replaced)],
        )
    link = permalink(client, req.channel_id, req.post_ts)
    where = f" (<{link}|see the post>)" if link else ""
    intro = (
        f"<@{req.hiring_manager_id}> revised this requisition (revision {req.revision}){where}; please decide again."
    )
    _, dm_blocks = ui.summary(playbook, assessment, intro=intro, changes=changes, approver_copy=True)
    dm = _send(
        client, "approval request", req, channel=req.approver_id, text=f"Approval needed: {text}", blocks=dm_blocks
    )
    if dm:
        service.record_approval_request(req, channel=dm["channel"], ts=dm["ts"])
    _send(
        client,
        "revision receipt",
        req,
        channel=req.hiring_manager_id,
        text=life_ui.revision_receipt(playbook, req, link),
    )

"""What the bot says after a requisition is held, resumed, closed, filled or has its headcount changed."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.effects import interviews as candidate_effects
from bot.effects.nudges import refresh_about
from bot.flows.interviews.nudges import SCHEDULE, SCHEDULE_LATE, SUBJECT
from bot.flows.interviews.service import waiting_for_a_time
from bot.flows.requisition import service
from bot.flows.requisition.changes import Closed, Ended, HeadcountChange
from bot.models import Candidate, Requisition, RequisitionStatus
from bot.playbook import Playbook
from bot.slack import best_effort, replace_message
from bot.ui import requisition as ui
from bot.ui import requisition_life as life_ui


def refresh_post(client: WebClient, playbook: Playbook, req: Requisition) -> None:
    """Bring the channel post and the approver's copy up to date (status, headcount, buttons)."""
    assessment = service.assess(playbook, req)
    text, blocks = ui.summary(playbook, assessment)
    _, dm_blocks = ui.summary(
        playbook, assessment, intro=f"Requested by <@{req.hiring_manager_id}>.", approver_copy=True
    )
    for channel, ts, body in (
        (req.channel_id, req.post_ts, blocks),
        (req.approval_channel_id, req.approval_ts, dm_blocks),
    ):
        replace_message(client, f"update requisition #{req.number}", channel, ts, text, body)


def _in_thread(client: WebClient, req: Requisition, text: str) -> None:
    best_effort(
        f"tell the thread of requisition #{req.number}",
        client.chat_postMessage,
        channel=req.channel_id,
        thread_ts=req.post_ts,
        text=text,
    )


def status_changed(
    client: WebClient, session: Session, playbook: Playbook, req: Requisition, actor: str, ended: Ended | None = None
) -> None:
    refresh_post(client, playbook, req)
    _in_thread(client, req, life_ui.status_notice(playbook, req, actor))
    if req.status_enum not in RequisitionStatus.revisable():
        from bot.effects.requisition import retire_revise  # that module imports this one

        retire_revise(client, req)
    if ended:
        pending_ended(client, session, playbook, req, ended)
    if req.status_enum is RequisitionStatus.ON_HOLD:  # "set a time" reminders already sent: nothing to do on hold
        waiting = waiting_for_a_time(session, req.id)
        refresh_about(client, session, playbook, SUBJECT, waiting, kinds=(SCHEDULE, SCHEDULE_LATE))


def pending_ended(client: WebClient, session: Session, playbook: Playbook, req: Requisition, ended: Ended) -> None:
    """What the requisition's move withdrew: the approver's raise request and each offer's messages lose their
    buttons and say why; the people who held them are told once."""
    from bot.effects import offers as offer_effects  # offers' effects refresh requisition posts too

    if ended.raise_asked is not None:
        text = life_ui.headcount_withdrawn(req, ended.raise_asked, ended.why)
        channel, ts = ended.raise_message
        replace_message(client, "retire the headcount request", channel, ts, text)
        best_effort("tell the approver", client.chat_postMessage, channel=req.approver_id, text=text)
    ids = [o.candidate_id for o in ended.offers]
    candidates = {c.id: c for c in session.scalars(select(Candidate).where(Candidate.id.in_(ids)))} if ids else {}
    for offer in ended.offers:
        if (candidate := candidates.get(offer.candidate_id)) is not None:
            offer_effects.withdrawn(client, session, playbook, offer, candidate, req)


def closed(client: WebClient, session: Session, playbook: Playbook, done: Closed, actor: str) -> None:
    """The post, each candidate's card, kits and undecided debrief say so; every interviewer with an open
    interview is told once."""
    req = done.requisition
    status_changed(client, session, playbook, req, actor, done.ended)
    for candidate in done.candidates:
        candidate_effects.loop_ended(client, session, playbook, candidate, req)
    for interviewer, names in done.interviewers.items():
        best_effort(
            "tell an interviewer the loop ended",
            client.chat_postMessage,
            channel=interviewer,
            text=life_ui.loops_ended(playbook, req, names),
        )
    if actor != req.hiring_manager_id:
        best_effort(
            "tell the hiring manager",
            client.chat_postMessage,
            channel=req.hiring_manager_id,
            text=life_ui.status_notice(playbook, req, actor),
        )


def headcount_changed(
    client: WebClient, session: Session, playbook: Playbook, change: HeadcountChange, actor: str
) -> None:
    req = change.requisition
    refresh_post(client, playbook, req)
    if change.changed:
        _in_thread(client, req, f":pencil2: <@{actor}> changed {', '.join(change.changed)}.")
    if change.asked:
        text, blocks = life_ui.headcount_request(playbook, req)
        posted = best_effort(
            "ask for the headcount", client.chat_postMessage, channel=req.approver_id, text=text, blocks=blocks
        )
        if posted:
            req.headcount_channel_id, req.headcount_ts = posted["channel"], posted["ts"]
        best_effort(
            "confirm the headcount request",
            client.chat_postMessage,
            channel=actor,
            text=f"<@{req.approver_id}> has been asked to approve a headcount of {change.asked}.",
        )
    if req.status_enum is RequisitionStatus.FILLED:
        _in_thread(client, req, life_ui.status_notice(playbook, req, actor))
        pending_ended(client, session, playbook, req, change.ended)


def headcount_answered(client: WebClient, playbook: Playbook, req: Requisition, asked: int, approved: bool, actor: str):
    refresh_post(client, playbook, req)
    text = life_ui.headcount_answered(playbook, req, asked, approved, actor)
    replace_message(client, "retire the headcount request", req.headcount_channel_id, req.headcount_ts, text)
    best_effort("tell the hiring manager", client.chat_postMessage, channel=req.hiring_manager_id, text=text)

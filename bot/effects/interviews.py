"""The Slack side of the interview loop, after its state is committed.

The hiring channel sees candidates' cards (stages and who, never scores), the debrief once every
scorecard is in, and the decision. Kits, prompts and decline notices go by DM. Every message
that names a candidate is remembered (`CandidateMessage`), so erasing the candidate can take it
back out of Slack.
"""

from __future__ import annotations

import json
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.flows.interviews import scorecards, service
from bot.flows.offers.joining import why_no_start
from bot.flows.offers.service import offers_for, why_no_offer
from bot.models import Candidate, CandidateMessage, Decision, Interview, Requisition, decided
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.slack import best_effort, replace_message
from bot.ui import debrief as debrief_ui
from bot.ui import interviews as ui
from bot.ui.blocks import section

HIRE_MESSAGE = "onboarding_offer"  # what the hiring manager's message about a hire is remembered as


def remember(
    session: Session,
    candidate: Candidate,
    what: str,
    now: datetime,
    *,
    posted=None,
    file_id: str | None = None,
    person: str | None = None,
) -> None:
    """Note a message (or file) that names the candidate; `posted` is chat.postMessage's response."""
    if posted is None and file_id is None:
        return
    session.add(
        CandidateMessage(
            candidate_id=candidate.id,
            what=what,
            file_id=file_id,
            created_at=now,
            channel_id=posted["channel"] if posted else None,
            ts=posted["ts"] if posted else None,
            person_id=person,
        )
    )


def refresh_card(
    client: WebClient, session: Session, playbook: Playbook, candidate: Candidate, req: Requisition
) -> None:
    """Post the candidate's card in the requisition's thread, or bring it up to date (and the hiring manager's
    message about a hire, whose buttons follow the same state)."""
    loop = service.interviews(session, candidate.id)
    scored = {c.interview_id for c in service.scorecards(session, candidate.id)}
    offer = next(reversed(offers_for(session, [candidate.id])), None)  # the latest
    may_prepare = why_no_offer(session, candidate, req) is None
    stages = service.active_stages(session, req.id)
    text, blocks = ui.candidate_card(playbook, candidate, stages, loop, scored, offer, may_prepare=may_prepare)
    if candidate.decision == Decision.HIRE:
        refresh_hire_message(client, session, candidate, req, may_prepare=may_prepare)
    if candidate.card_ts:
        best_effort(
            "update the candidate card",
            client.chat_update,
            channel=candidate.card_channel,
            ts=candidate.card_ts,
            text=text,
            blocks=blocks,
        )
        return
    posted = best_effort(
        "post the candidate card",
        client.chat_postMessage,
        channel=req.channel_id,
        thread_ts=req.post_ts,
        text=text,
        blocks=blocks,
        unfurl_links=False,
    )
    if posted:
        candidate.card_channel, candidate.card_ts = posted["channel"], posted["ts"]


def time_set(
    client: WebClient,
    session: Session,
    playbook: Playbook,
    interview: Interview,
    candidate: Candidate,
    req: Requisition,
) -> None:
    """The interviewer is told the time they set; the candidate's card shows it."""
    best_effort(
        "confirm the interview time",
        client.chat_postMessage,
        channel=interview.interviewer_id,
        text=ui.time_set_note(interview),
    )
    refresh_card(client, session, playbook, candidate, req)


def send_kits(
    client: WebClient,
    session: Session,
    playbook: Playbook,
    changed: list[Interview],
    candidate: Candidate,
    req: Requisition,
    now: datetime,
) -> None:
    by_person: dict[str, list[Interview]] = {}
    for interview in changed:
        by_person.setdefault(interview.interviewer_id, []).append(interview)
    for person, theirs in by_person.items():  # one kit per person, covering each of their stages
        text, blocks = ui.kit(playbook, theirs, candidate, req)
        posted = best_effort(
            "send the interview kit",
            client.chat_postMessage,
            channel=person,
            text=text,
            blocks=blocks,
            unfurl_links=False,
        )
        remember(session, candidate, "kit", now, posted=posted, person=person)


def refresh_kits(client: WebClient, session: Session, playbook: Playbook, candidate: Candidate, req: Requisition):
    """Every interviewer's kits for the candidate, rebuilt in place from their interviews as they are now: a
    stage whose scorecard is in, or that was declined or given to someone else, and every stage once the
    candidate is decided or the loop ended, no longer offers its buttons (one query for the kits, one for
    the interviews)."""
    kits = session.scalars(
        select(CandidateMessage).where(
            CandidateMessage.candidate_id == candidate.id,
            CandidateMessage.what == "kit",
            CandidateMessage.person_id.is_not(None),
            CandidateMessage.ts.is_not(None),
        )
    ).all()
    if not kits:
        return
    interviews = service.interviews(session, candidate.id)
    for kit in kits:
        theirs = [i for i in interviews if i.interviewer_id == kit.person_id]
        if theirs:
            text, blocks = ui.kit(playbook, theirs, candidate, req)
        else:  # every stage went to someone else
            text = f"Your interview with {escape(candidate.name)} went to someone else: nothing to do here."
            blocks = [section(text)]
        replace_message(client, "keep the interview kit true", kit.channel_id, kit.ts, text, blocks)


def declined(
    client: WebClient,
    session: Session,
    playbook: Playbook,
    interview: Interview,
    candidate: Candidate,
    req: Requisition,
    now: datetime,
) -> None:
    posted = best_effort(
        "tell the hiring manager",
        client.chat_postMessage,
        channel=req.hiring_manager_id,
        text=ui.declined_notice(playbook, interview, candidate),
    )
    remember(session, candidate, "decline", now, posted=posted)


def after_scorecard(
    client: WebClient, session: Session, playbook: Playbook, candidate: Candidate, req: Requisition, now: datetime
) -> bool:
    """Refresh the card; hold the debrief in the hiring channel when the last scorecard is in."""
    refresh_card(client, session, playbook, candidate, req)
    if not scorecards.ready_for_debrief(session, candidate) or not scorecards.claim_debrief(session, candidate, now):
        return False
    text, blocks = debrief_ui.debrief_message(playbook, scorecards.build_debrief(session, playbook, candidate, req))
    posted = best_effort(
        "post the debrief",
        client.chat_postMessage,
        channel=req.channel_id,
        text=text,
        blocks=blocks,
        unfurl_links=False,
    )
    if posted:
        scorecards.record_debrief(candidate, channel=posted["channel"], ts=posted["ts"])
        remember(session, candidate, "debrief", now, posted=posted)
    return True


def loop_ended(client: WebClient, session: Session, playbook: Playbook, candidate: Candidate, req: Requisition):
    """The requisition closed mid-loop: the card, the kits and an undecided debrief offer nothing more."""
    refresh_card(client, session, playbook, candidate, req)
    refresh_kits(client, session, playbook, candidate, req)
    if candidate.debrief_ts and not decided(candidate.decision):
        _, blocks = debrief_ui.debrief_message(playbook, scorecards.build_debrief(session, playbook, candidate, req))
        text, blocks = debrief_ui.closed_debrief(blocks, candidate)
        replace_message(client, "close the debrief", candidate.debrief_channel, candidate.debrief_ts, text, blocks)


def after_decision(
    client: WebClient, session: Session, playbook: Playbook, candidate: Candidate, req: Requisition, now: datetime
) -> None:
    """Close the debrief (no buttons left), announce the decision, and offer onboarding on a hire."""
    if candidate.debrief_channel and candidate.debrief_ts:
        _, blocks = debrief_ui.debrief_message(playbook, scorecards.build_debrief(session, playbook, candidate, req))
        text, blocks = debrief_ui.decided_debrief(blocks, candidate)
        best_effort(
            "update the debrief",
            client.chat_update,
            channel=candidate.debrief_channel,
            ts=candidate.debrief_ts,
            text=text,
            blocks=blocks,
        )
    posted = best_effort(
        "announce the decision",
        client.chat_postMessage,
        channel=req.channel_id,
        thread_ts=candidate.debrief_ts,
        text=debrief_ui.decision_announcement(candidate),
    )
    remember(session, candidate, "decision", now, posted=posted)
    refresh_card(client, session, playbook, candidate, req)
    refresh_kits(client, session, playbook, candidate, req)  # a decided loop's kits offer nothing more
    if candidate.decision == Decision.HIRE:
        text, blocks = hire_message(session, candidate, req)
        posted = best_effort(
            "offer onboarding", client.chat_postMessage, channel=req.hiring_manager_id, text=text, blocks=blocks
        )
        remember(session, candidate, HIRE_MESSAGE, now, posted=posted)


def hire_message(
    session: Session, candidate: Candidate, req: Requisition, *, may_prepare: bool | None = None
) -> tuple[str, list[dict]]:
    """The hiring manager's message about a hire, offering what can still be done for them (`may_prepare`:
    already worked out by the caller, or None to work it out)."""
    if may_prepare is None:
        may_prepare = why_no_offer(session, candidate, req) is None
    return debrief_ui.start_onboarding_offer(
        candidate, prepare=may_prepare, start=why_no_start(session, candidate) is None
    )


def refresh_hire_message(
    client: WebClient, session: Session, candidate: Candidate, req: Requisition, *, may_prepare: bool
) -> None:
    """Rebuild the hiring manager's message about a hire (if one was sent) from the record: *Prepare offer*
    goes while an offer is out or accepted, *Start onboarding* once it started."""
    sent = session.scalars(
        select(CandidateMessage)
        .where(CandidateMessage.candidate_id == candidate.id, CandidateMessage.what == HIRE_MESSAGE)
        .order_by(CandidateMessage.id.desc())
        .limit(1)
    ).first()
    if sent is not None and sent.ts:
        text, blocks = hire_message(session, candidate, req, may_prepare=may_prepare)
        replace_message(client, "update the hire message", sent.channel_id, sent.ts, text, blocks)


def send_export(
    client: WebClient, session: Session, candidate: Candidate, data: dict, *, user: str, now: datetime
) -> bool:
    """Everything held about the candidate as a JSON file in the requester's DM (no text to break out of)."""
    dm = best_effort("open a DM for the export", client.conversations_open, users=user)
    if dm is None:
        return False
    uploaded = best_effort(
        "upload the export",
        client.files_upload_v2,
        channel=dm["channel"]["id"],
        content=json.dumps(data, indent=1, ensure_ascii=False),
        filename=f"candidate-{candidate.id}.json",
        title=f"Candidate #{candidate.id}: data export",
        initial_comment="Everything held about this candidate.",
    )
    if uploaded is None:
        return False
    file_id = (uploaded.get("file") or {}).get("id") or ((uploaded.get("files") or [{}])[0]).get("id")
    remember(session, candidate, "export", now, file_id=file_id)
    return True


def remove_messages(client: WebClient, refs: list[tuple[str, str | None, str | None, str | None]]) -> list[str]:
    """Delete the bot's messages and files about an erased candidate; returns what could not be removed."""
    left = []
    for what, channel, ts, file_id in refs:
        if file_id:
            done = best_effort("delete an export file", client.files_delete, file=file_id)
        else:
            done = best_effort("delete a message about an erased candidate", client.chat_delete, channel=channel, ts=ts)
        if done is None:
            left.append(f"{what} ({f'file {file_id}' if file_id else f'message {ts} in {channel}'})")
    return left

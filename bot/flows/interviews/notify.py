"""The Slack side of the interview loop, after its state is committed.

The hiring channel sees candidates' cards (stages and who, never scores), the debrief once every
scorecard is in, and the decision. Kits, prompts and decline notices go by DM.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.flows.interviews import scorecards, service
from bot.models import Candidate, Interview, Requisition
from bot.playbook import Playbook
from bot.slack import best_effort
from bot.ui import debrief as debrief_ui
from bot.ui import interviews as ui


def refresh_card(client: WebClient, session: Session, playbook: Playbook, candidate: Candidate,
                 req: Requisition) -> None:
    """Post the candidate's card in the requisition's thread, or bring it up to date."""
    loop = service.interviews(session, candidate.id)
    scored = {c.interview_id for c in service.scorecards(session, candidate.id)}
    text, blocks = ui.candidate_card(playbook, candidate, service.active_stages(session, req.id), loop, scored)
    if candidate.card_ts:
        best_effort("update the candidate card", client.chat_update, channel=candidate.card_channel, ts=candidate.card_ts,
             text=text, blocks=blocks)
        return
    posted = best_effort("post the candidate card", client.chat_postMessage, channel=req.channel_id, thread_ts=req.post_ts,
                  text=text, blocks=blocks, unfurl_links=False)
    if posted:
        candidate.card_channel, candidate.card_ts = posted["channel"], posted["ts"]


def send_kits(client: WebClient, playbook: Playbook, changed: list[Interview], candidate: Candidate,
              req: Requisition) -> None:
    for interview in changed:
        text, blocks = ui.kit(playbook, interview, candidate, req)
        best_effort("send the interview kit", client.chat_postMessage, channel=interview.interviewer_id, text=text,
             blocks=blocks, unfurl_links=False)


def declined(client: WebClient, playbook: Playbook, interview: Interview, candidate: Candidate,
             req: Requisition) -> None:
    best_effort("tell the hiring manager", client.chat_postMessage, channel=req.hiring_manager_id,
         text=ui.declined_notice(playbook, interview, candidate))


def after_scorecard(client: WebClient, session: Session, playbook: Playbook, candidate: Candidate,
                    req: Requisition, now: datetime) -> bool:
    """Refresh the card; hold the debrief in the hiring channel when the last scorecard is in."""
    refresh_card(client, session, playbook, candidate, req)
    if not scorecards.ready_for_debrief(session, candidate) or not scorecards.claim_debrief(session, candidate, now):
        return False
    text, blocks = debrief_ui.debrief_message(playbook, scorecards.build_debrief(session, playbook, candidate, req))
    posted = best_effort("post the debrief", client.chat_postMessage, channel=req.channel_id, text=text, blocks=blocks,
                  unfurl_links=False)
    if posted:
        scorecards.record_debrief(candidate, channel=posted["channel"], ts=posted["ts"])
    return True


def after_decision(client: WebClient, session: Session, playbook: Playbook, candidate: Candidate,
                   req: Requisition, debrief_channel: str | None, debrief_ts: str | None) -> None:
    """Close the debrief (no buttons left), announce the decision, and offer onboarding on a hire."""
    if debrief_channel and debrief_ts:
        _, blocks = debrief_ui.debrief_message(playbook, scorecards.build_debrief(session, playbook, candidate, req))
        best_effort("update the debrief", client.chat_update, channel=debrief_channel, ts=debrief_ts,
             text=f"Debrief for {candidate.name}: decided", blocks=debrief_ui.decided_debrief(blocks, candidate))
    best_effort("announce the decision", client.chat_postMessage, channel=req.channel_id, thread_ts=debrief_ts,
         text=debrief_ui.decision_announcement(candidate))
    refresh_card(client, session, playbook, candidate, req)
    if candidate.decision == "hire":
        text, blocks = debrief_ui.start_onboarding_offer(candidate)
        best_effort("offer onboarding", client.chat_postMessage, channel=req.hiring_manager_id, text=text, blocks=blocks)

"""What the bot says about an offer after its change is committed. Figures go only to the hiring
manager and the approver (direct messages); the hiring channel hears the acceptance without amounts."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.effects import interviews as candidate_effects
from bot.effects import requisition_life
from bot.effects.nudges import refresh_about
from bot.flows.offers.nudges import SUBJECT
from bot.flows.offers.service import OfferAccepted
from bot.models import Candidate, Offer, OfferStatus, Requisition, RequisitionStatus
from bot.playbook import Playbook
from bot.slack import best_effort, replace_message
from bot.ui import offers as ui
from bot.ui import requisition_life as life_ui


def _dm(client: WebClient, what: str, user: str, text: str, blocks: list | None = None):
    return best_effort(what, client.chat_postMessage, channel=user, text=text, blocks=blocks)


def prepared(
    client: WebClient, session: Session, playbook: Playbook, offer: Offer, candidate: Candidate, req: Requisition
):
    if offer.status == OfferStatus.PENDING_APPROVAL.value:
        text, blocks = ui.approval_request(playbook, offer, candidate, req)
        posted = _dm(client, "ask for the offer approval", offer.approver_id, text, blocks)
        if posted:
            offer.approval_channel_id, offer.approval_ts = posted["channel"], posted["ts"]
        _notice(
            client, offer, "say the offer went for approval", offer.created_by, *ui.sent_for_approval(offer, candidate)
        )
    else:
        text, blocks = ui.extended(playbook, offer, candidate)
        _notice(client, offer, "confirm the offer", req.hiring_manager_id, text, blocks)
    candidate_effects.refresh_card(client, session, playbook, candidate, req)


def _notice(client: WebClient, offer: Offer, what: str, user: str, text: str, blocks: list) -> None:
    """The hiring manager's message about the offer, with its buttons (recorded, to retire them later)."""
    posted = _dm(client, what, user, text, blocks)
    if posted:
        offer.notice_channel_id, offer.notice_ts = posted["channel"], posted["ts"]


def retire_notice(client: WebClient, offer: Offer, text: str) -> None:
    """The hiring manager's last message about the offer says `text` and offers no buttons any more."""
    replace_message(client, "retire the offer's buttons", offer.notice_channel_id, offer.notice_ts, text)


def decided(
    client: WebClient, session: Session, playbook: Playbook, offer: Offer, candidate: Candidate, req: Requisition
):
    decided_text, blocks = ui.decided_request(playbook, offer, candidate)
    retire_notice(client, offer, decided_text)  # the hiring manager's "sent for approval" note
    replace_message(
        client, "retire the offer approval request", offer.approval_channel_id, offer.approval_ts, decided_text, blocks
    )
    if offer.status == OfferStatus.EXTENDED.value:
        text, blocks = ui.extended(playbook, offer, candidate)
        _notice(client, offer, "tell the hiring manager the offer is out", req.hiring_manager_id, text, blocks)
    else:
        _dm(
            client,
            "tell the hiring manager the offer was rejected",
            req.hiring_manager_id,
            ui.rejected_notice(offer, candidate),
        )
    candidate_effects.refresh_card(client, session, playbook, candidate, req)


def accepted(client: WebClient, session: Session, playbook: Playbook, done: OfferAccepted):
    offer, candidate, req = done.offer, done.candidate, done.requisition
    retire_notice(client, offer, ui.accepted_notice(offer, candidate))  # the prepared onboarding: its own DM below
    refresh_about(client, session, playbook, SUBJECT, offer.id)  # its expiry reminders' buttons
    best_effort(
        "announce the acceptance",
        client.chat_postMessage,
        channel=req.channel_id,
        thread_ts=req.post_ts,
        reply_broadcast=bool(req.post_ts),
        text=ui.accepted_announcement(candidate, offer),
    )
    requisition_life.refresh_post(client, playbook, req)
    if req.status_enum is RequisitionStatus.FILLED:
        best_effort(
            "announce the filled requisition",
            client.chat_postMessage,
            channel=req.channel_id,
            thread_ts=req.post_ts,
            text=life_ui.status_notice(playbook, req, offer.responded_by or req.hiring_manager_id),
        )
        requisition_life.pending_ended(client, session, playbook, req, done.ended)
    _dm(
        client,
        "say the onboarding is prepared",
        req.hiring_manager_id,
        ui.onboarding_prepared(candidate, done.prepared),
    )
    candidate_effects.refresh_card(client, session, playbook, candidate, req)


def declined(
    client: WebClient, session: Session, playbook: Playbook, offer: Offer, candidate: Candidate, req: Requisition
):
    retire_notice(client, offer, ui.declined_notice(offer, candidate))
    refresh_about(client, session, playbook, SUBJECT, offer.id)
    _dm(
        client,
        "confirm the declined offer",
        offer.responded_by or req.hiring_manager_id,
        ui.declined_notice(offer, candidate),
    )
    candidate_effects.refresh_card(client, session, playbook, candidate, req)


def withdrawn(
    client: WebClient, session: Session, playbook: Playbook, offer: Offer, candidate: Candidate, req: Requisition
):
    """A withdrawn offer's buttons retire everywhere; the hiring manager is told (and the approver, when it
    was theirs to decide and the bot took it back)."""
    text = ui.withdrawn_notice(offer, candidate)
    replace_message(client, "retire the offer approval request", offer.approval_channel_id, offer.approval_ts, text)
    if offer.approval_ts and offer.withdraw_reason and offer.decided_at is None and offer.approver_id:
        _dm(client, "tell the approver the offer was withdrawn", offer.approver_id, text)
    retire_notice(client, offer, text)
    refresh_about(client, session, playbook, SUBJECT, offer.id)
    told = req.hiring_manager_id if offer.withdraw_reason else (offer.responded_by or req.hiring_manager_id)
    _dm(client, "confirm the withdrawn offer", told, text)
    candidate_effects.refresh_card(client, session, playbook, candidate, req)


def expired(client: WebClient, session: Session, playbook: Playbook, offer_id: int) -> None:
    """An offer the clock expired: the hiring manager's message about it offers no answer any more and says
    so, its reminders retire, and the candidate's card and hire message offer a new one again."""
    offer = session.get(Offer, offer_id)
    if offer is None or offer.status != OfferStatus.EXPIRED.value:
        return
    candidate, req = session.get(Candidate, offer.candidate_id), session.get(Requisition, offer.requisition_id)
    retire_notice(client, offer, ui.expired(offer, candidate, req)[0])
    refresh_about(client, session, playbook, SUBJECT, offer.id)
    candidate_effects.refresh_card(client, session, playbook, candidate, req)

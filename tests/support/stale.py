"""Buttons a person may still press: none on a reminder whose moment has passed, none on an interview kit
for a stage that is scored, declined or given to someone else (or whose loop is decided or ended), no *Done*
for a checklist item already done."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.flows.interviews import ids as iv
from bot.flows.nudges.registry import KINDS
from bot.flows.onboarding import ids as ob
from bot.models import Candidate, CandidateStatus, Interview, Nudge, OnboardingItem, decided


def stale_reminder_buttons(fake_slack, session: Session) -> list[str]:
    """Reminder messages (they carry their nudge in metadata) that still offer buttons though their kind no
    longer wants them: the offer was answered, the scorecard is in, the check-in answered, the approval
    decided. Read from the double's messages as they are now (after every chat.update)."""
    out = []
    session.expire_all()
    for (channel, _ts), message in list(fake_slack.messages.items()):
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        nudge = session.get(Nudge, payload["nudge_id"]) if payload.get("nudge_id") else None
        if nudge is None or nudge.kind not in KINDS:
            continue
        buttons = [
            e.get("action_id")
            for b in message.get("blocks") or []
            if b.get("type") == "actions"
            for e in b.get("elements") or []
        ]
        if buttons and nudge.id not in KINDS[nudge.kind].wanted(session, [nudge]):
            out.append(f"{nudge.kind} #{nudge.id} in {channel} still offers {buttons}")
    return out + stale_kit_buttons(fake_slack, session) + done_items_offered(fake_slack, session)


def stale_kit_buttons(fake_slack, session: Session) -> list[str]:
    out = []
    for (channel, _ts), message in list(fake_slack.messages.items()):
        for block in message.get("blocks") or []:
            for element in block.get("elements") or [] if block.get("type") == "actions" else []:
                if element.get("action_id") not in (iv.SET_TIME, iv.DECLINE):
                    continue
                try:
                    ref = iv.InterviewRef.parse(element.get("value"))
                except Exception:
                    continue
                interview = session.get(Interview, ref.interview_id)
                if interview is None:
                    continue
                candidate = session.get(Candidate, interview.candidate_id)
                moved_on = (
                    interview.scored_at is not None
                    or interview.status == "declined"
                    or interview.assignment_no != ref.assignment_no
                    or candidate.status == CandidateStatus.CLOSED.value
                    or decided(candidate.decision)
                )
                if moved_on:
                    out.append(f"interview kit in {channel} still offers {element['action_id']} for #{interview.id}")
    return out


def done_items_offered(fake_slack, session: Session) -> list[str]:
    """*Done* on any message (a checklist, a weekly overdue list however old) for an item already done."""
    out = []
    for (channel, _ts), message in list(fake_slack.messages.items()):
        for block in message.get("blocks") or []:
            element = block.get("accessory") or {}
            if element.get("action_id") != ob.TICK:
                continue
            item = session.get(OnboardingItem, ob.ItemRef.parse(element.get("value")).item_id)
            if item is not None and item.done_at is not None:
                out.append(f"{channel} still offers Done for item #{item.id}, done {item.done_at:%d %b}")
    return out

"""A candidate's data on request: everything the bot holds, or none of it (export and erase).

Only the hiring manager of the candidate's requisition or an admin may do either. Erasing
deletes the candidate, their interviews and scorecards, and cancels every reminder about them;
the requisition and the people involved stay. It returns the bot's own Slack messages that name
the candidate (the card, kits, debrief, decision, reminders, export files) for the caller to
delete once the erasure is committed. Both are written to the audit log, by id only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.flows import audit
from bot.flows.access import check_may_manage
from bot.flows.interviews import nudges, service
from bot.flows.offers import nudges as offer_kinds
from bot.flows.offers.service import offers_for
from bot.models import Candidate, CandidateMessage, Nudge, NudgeStatus, PreparedOnboarding


def _managed(session: Session, candidate_id: int, user: str, admins: frozenset[str]):
    candidate, req = service.get_candidate(session, candidate_id)
    check_may_manage(req, user, admins, "data")
    return candidate, req


def export(session: Session, candidate_id: int, *, user: str, admins: frozenset[str], now: datetime) -> dict:
    candidate, req = _managed(session, candidate_id, user, admins)
    audit.record(
        session, actor=user, action="candidate_exported", subject_type="candidate", subject_id=candidate.id, now=now
    )
    loop = service.interviews(session, candidate.id)
    cards = {c.interview_id: c for c in service.scorecards(session, candidate.id)}

    def when(dt: datetime | None) -> str | None:
        return dt.isoformat() if dt else None

    return {
        "candidate": {
            "name": candidate.name,
            "profile_url": candidate.profile_url,
            "email": candidate.email,
            "source": candidate.source,
            "requisition": req.number,
            "added_at": when(candidate.created_at),
            "resume_signals": candidate.screen_signals,
            "screen_verdict": candidate.screen_verdict,
            "decision": candidate.decision,
            "decided_at": when(candidate.decided_at),
            "decision_rationale": candidate.decision_rationale,
        },
        "interviews": [
            {
                "stage": i.stage_key,
                "interviewer": i.interviewer_id,
                "status": i.status,
                "starts_at": when(i.starts_at),
                "scorecard": None
                if i.id not in cards
                else {
                    "ratings": cards[i.id].ratings,
                    "red_flags": cards[i.id].red_flags,
                    "recommendation": cards[i.id].recommendation,
                    "notes": cards[i.id].notes,
                    "submitted_at": when(cards[i.id].submitted_at),
                },
            }
            for i in loop
        ],
        "offers": [
            {
                "status": o.status,
                "base_salary": o.base_salary,
                "currency": o.currency,
                "sign_on": o.sign_on,
                "equity": o.equity,
                "start_date": o.start_date.isoformat(),
                "location": o.location,
                "expires_on": o.expires_on.isoformat(),
                "band": {"low": o.band_low, "high": o.band_high, "open_top": o.band_open_top},
                "placement": o.placement,
                "decline_reason": o.decline_reason,
                "new_hire_email": o.new_hire_email,
                "created_at": when(o.created_at),
            }
            for o in offers_for(session, [candidate.id])
        ],
    }


@dataclass(frozen=True)
class Erased:
    name: str
    messages: list[tuple[str, str | None, str | None, str | None]]  # (what, channel, ts, file id)


def erase(session: Session, candidate_id: int, *, user: str, admins: frozenset[str], now: datetime) -> Erased:
    """Delete the candidate and all that hangs off them; returns their name and the messages to take back."""
    candidate, _ = _managed(session, candidate_id, user, admins)
    interview_ids = [i.id for i in service.interviews(session, candidate.id)]
    messages: list[tuple[str, str | None, str | None, str | None]] = []
    if candidate.card_channel and candidate.card_ts:
        messages.append(("candidate card", candidate.card_channel, candidate.card_ts, None))
    messages += [
        (m.what, m.channel_id, m.ts, m.file_id)
        for m in session.scalars(
            select(CandidateMessage).where(CandidateMessage.candidate_id == candidate.id).order_by(CandidateMessage.id)
        )
    ]
    if interview_ids:
        about = (Nudge.subject_type == nudges.SUBJECT, Nudge.subject_id.in_(interview_ids))
        messages += [
            ("reminder", channel, ts, None)
            for channel, ts in session.execute(
                select(Nudge.channel_id, Nudge.message_ts).where(*about, Nudge.message_ts.is_not(None))
            )
        ]
        session.execute(
            update(Nudge)
            .where(*about, Nudge.status == NudgeStatus.PENDING.value)
            .values(status=NudgeStatus.CANCELLED.value, last_error="candidate erased", updated_at=now)
            .execution_options(synchronize_session=False)
        )
    offers = offers_for(session, [candidate.id])
    messages += [("offer request", o.approval_channel_id, o.approval_ts, None) for o in offers if o.approval_ts]
    about_offers = [
        (offer_kinds.SUBJECT, [o.id for o in offers]),
        (
            offer_kinds.JOIN_SUBJECT,
            list(session.scalars(select(PreparedOnboarding.id).where(PreparedOnboarding.candidate_id == candidate.id))),
        ),
    ]
    for subject, subject_ids in about_offers:
        if subject_ids:
            session.execute(
                update(Nudge)
                .where(
                    Nudge.subject_type == subject,
                    Nudge.subject_id.in_(subject_ids),
                    Nudge.status == NudgeStatus.PENDING.value,
                )
                .values(status=NudgeStatus.CANCELLED.value, last_error="candidate erased", updated_at=now)
                .execution_options(synchronize_session=False)
            )
    name = candidate.name
    session.execute(delete(Candidate).where(Candidate.id == candidate.id).execution_options(synchronize_session=False))
    session.expunge(candidate)
    audit.record(
        session, actor=user, action="candidate_erased", subject_type="candidate", subject_id=candidate_id, now=now
    )
    return Erased(name, messages)

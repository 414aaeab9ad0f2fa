"""An accepted offer's onboarding waits for the new hire's Slack account.

They are found by the work email recorded with the acceptance: when Slack sends `team_join` for a
member with that email, or when the sweep looks them up (`users.lookupByEmail`, once a day from 14
days before the start; the look-up is claimed in a short transaction and made outside it). Either
way the hiring manager gets one reminder-engine message, "<name> joined Slack", whose *Start
onboarding* opens the onboarding form pre-filled. Starting that onboarding marks it started.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, NotFound
from bot.flows.access import check_may_manage
from bot.flows.inputs import USER_ID
from bot.flows.offers import nudges
from bot.models import Candidate, Decision, Onboarding, PreparedOnboarding, Requisition
from bot.mrkdwn import escape

LOOK_AHEAD = timedelta(days=14)
LOOKUPS_PER_SWEEP = 50


def joined(session: Session, settings: Settings, user_id: str, email: str | None, now: datetime) -> list[int]:
    """The member `user_id` with `email` joined: the prepared onboarding waiting for that email (the earliest
    accepted, should two have been accepted at the same moment: one person is one hire) is theirs now, and its
    hiring manager is told (once: the reminder's key is fixed). Returns its id, if any."""
    if not email or not USER_ID.match(user_id or ""):
        return []
    waiting = list(
        session.scalars(
            select(PreparedOnboarding)
            .where(
                func.lower(func.trim(PreparedOnboarding.email)) == email.strip().lower(),
                PreparedOnboarding.status == "waiting",
            )
            .order_by(PreparedOnboarding.created_at, PreparedOnboarding.id)
            .limit(1)
        )
    )
    found = []
    for prepared in waiting:
        result = session.execute(
            update(PreparedOnboarding)
            .where(PreparedOnboarding.id == prepared.id, PreparedOnboarding.status == "waiting")
            .values(status="joined", new_hire_id=user_id, joined_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            session.refresh(prepared)
            nudges.schedule_joined(session, settings, prepared, now)
            found.append(prepared.id)
    return found


def claim_lookups(session: Session, today: date, limit: int = LOOKUPS_PER_SWEEP) -> list[tuple[int, str]]:
    """Waiting onboardings due today's look-up (from 14 days before the start), marked as looked up."""
    rows = session.execute(
        select(PreparedOnboarding.id, PreparedOnboarding.email)
        .where(
            PreparedOnboarding.status == "waiting",
            PreparedOnboarding.start_date <= today + LOOK_AHEAD,
            or_(PreparedOnboarding.looked_up_on.is_(None), PreparedOnboarding.looked_up_on < today),
        )
        .order_by(PreparedOnboarding.start_date, PreparedOnboarding.id)
        .limit(limit)
    ).all()
    if rows:
        session.execute(
            update(PreparedOnboarding)
            .where(PreparedOnboarding.id.in_([r.id for r in rows]))
            .values(looked_up_on=today)
            .execution_options(synchronize_session=False)
        )
    return [(r.id, r.email) for r in rows]


def prepared_for(
    session: Session, prepared_id: int, user: str, admins: frozenset[str]
) -> tuple[PreparedOnboarding, Candidate, Requisition]:
    """A joined new hire's prepared onboarding, for its hiring manager or an admin."""
    prepared = session.get(PreparedOnboarding, prepared_id)
    if prepared is None:
        raise NotFound("That prepared onboarding no longer exists.")
    req = session.get(Requisition, prepared.requisition_id)
    check_may_manage(req, user, admins, "onboard")
    if prepared.status == "started":
        raise Conflict("This onboarding has already started: /ml-onboard status with the new hire mentioned shows it.")
    if prepared.new_hire_id is None:
        raise Conflict("The new hire has not joined Slack yet.")
    return prepared, session.get(Candidate, prepared.candidate_id), req


def check_may_start(session: Session, candidate: Candidate) -> None:
    """Start onboarding, pressed on a hire's decision message: still a hire, and not started already."""
    if (why := why_no_start(session, candidate)) is not None:
        raise Conflict(why)


def why_no_start(session: Session, candidate: Candidate) -> str | None:
    """Why the candidate's onboarding cannot be started from their hire message now, or None."""
    if candidate.decision != Decision.HIRE.value:
        return f"{escape(candidate.name)} is no longer a hire; nothing was started."
    if onboarding_started(session, candidate):
        return (
            f"{escape(candidate.name)}'s onboarding has already started: "
            "/ml-onboard status with them mentioned shows it."
        )
    return None


def onboarding_started(session: Session, candidate: Candidate) -> bool:
    """Whether the hire's onboarding started: from their accepted offer, or directly from their hire."""
    direct = session.scalar(select(Onboarding.id).where(Onboarding.candidate_id == candidate.id).limit(1))
    prepared = select(PreparedOnboarding.id).where(
        PreparedOnboarding.candidate_id == candidate.id, PreparedOnboarding.status == "started"
    )
    return direct is not None or session.scalar(prepared.limit(1)) is not None


def mark_started(session: Session, new_hire: str) -> None:
    session.execute(
        update(PreparedOnboarding)
        .where(PreparedOnboarding.new_hire_id == new_hire, PreparedOnboarding.status == "joined")
        .values(status="started")
        .execution_options(synchronize_session=False)
    )

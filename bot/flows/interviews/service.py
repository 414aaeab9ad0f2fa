"""Candidates, the interview plan, and who may see what. Functions take a session and `now`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.errors import Conflict, FormErrors, NotFound
from bot.flows.access import check_may_manage, may_manage
from bot.flows.inputs import record_id
from bot.flows.interviews import ids, kits, team
from bot.flows.interviews.forms import CandidateForm
from bot.models import (
    Candidate,
    CandidateAccess,
    CandidateStatus,
    Decision,
    Interview,
    InterviewStatus,
    PlanStage,
    Requisition,
    RequisitionStatus,
    Scorecard,
    decided,
)
from bot.models.hiring import IS_OPEN_INTERVIEW
from bot.mrkdwn import escape
from bot.playbook import Playbook, Stage

LIST_LIMIT = 25


# --- the plan --------------------------------------------------------------------------------
def create_plan(session: Session, playbook: Playbook, req: Requisition) -> None:
    """The requisition's plan from the playbook, for its level (idempotent)."""
    existing = set(session.scalars(select(PlanStage.stage_key).where(PlanStage.requisition_id == req.id)))
    for position, stage in enumerate(playbook.interviews.stages):
        if stage.key not in existing:
            session.add(
                PlanStage(
                    requisition_id=req.id,
                    stage_key=stage.key,
                    position=position,
                    active=stage in playbook.stages_for(req.level),
                )
            )


def plan(session: Session, requisition_id: int) -> list[PlanStage]:
    return list(
        session.scalars(
            select(PlanStage).where(PlanStage.requisition_id == requisition_id).order_by(PlanStage.position)
        )
    )


def active_stages(session: Session, requisition_id: int) -> list[str]:
    return [p.stage_key for p in plan(session, requisition_id) if p.active]


def check_takes_candidates(req: Requisition) -> None:
    """Candidates join approved requisitions only: an old *Add candidate* on anything else is refused in words."""
    if req.status != RequisitionStatus.APPROVED.value:
        raise Conflict(f"Requisition #{req.number} is {req.status_enum.label}: it takes no new candidates.")


def check_plan_open(req: Requisition) -> None:
    """The interview plan changes while the requisition hires (approved or on hold), never after it ended."""
    if req.status not in {s.value for s in RequisitionStatus.hiring()}:
        raise Conflict(
            f"Requisition #{req.number} is {req.status_enum.label}: its interview plan can no longer change."
        )


def update_plan(
    session: Session, playbook: Playbook, req: Requisition, keys: set[str], *, user: str, admins: frozenset[str]
) -> list[Stage]:
    """Save the plan's stages; return the essential stages it leaves out (saved anyway, and said)."""
    check_may_manage(req, user, admins, "plan")
    check_plan_open(req)
    stages = plan(session, req.id)
    if not keys:
        raise FormErrors({ids.PLAN_STAGES: "Keep at least one stage."})
    unknown = keys - {p.stage_key for p in stages}
    if unknown:
        raise FormErrors({ids.PLAN_STAGES: "Choose from the listed stages."})
    for stage in stages:
        stage.active = stage.stage_key in keys
    return kits.missing_essentials(playbook, req.level, keys)


# --- candidates ------------------------------------------------------------------------------
def approved_requisitions(session: Session, user: str, admins: frozenset[str], limit: int = 100) -> list[Requisition]:
    """Approved requisitions the user may add candidates to: their own as hiring manager; all for admins."""
    stmt = select(Requisition).where(Requisition.status == RequisitionStatus.APPROVED.value)
    if user not in admins:
        stmt = stmt.where(Requisition.hiring_manager_id == user)
    return list(session.scalars(stmt.order_by(Requisition.id.desc()).limit(limit)))


def add_candidate(
    session: Session, playbook: Playbook, form: CandidateForm, *, user: str, admins: frozenset[str], now: datetime
) -> Candidate:
    """Store a candidate from a validated form; the requisition must be approved and theirs to manage."""
    req = session.get(Requisition, form.requisition_id)
    if req is None:
        raise FormErrors({ids.REQUISITION: "Choose the requisition."})
    if req.status != RequisitionStatus.APPROVED.value:
        raise FormErrors(
            {
                ids.REQUISITION: f"Requisition #{req.number} is {req.status_enum.label}: "
                "candidates can only be added to approved requisitions."
            }
        )
    if not may_manage(req, user, admins):
        raise FormErrors({ids.REQUISITION: "Only the hiring manager or an admin can add candidates to it."})
    candidate = Candidate(
        requisition_id=req.id,
        name=form.name,
        profile_url=form.profile_url,
        source=form.source,
        email=form.email,
        added_by=user,
        screen_signals=form.signals,
        screen_verdict=form.verdict,
        status=CandidateStatus.ACTIVE.value,
        created_at=now,
    )
    session.add(candidate)
    session.flush()
    team.refresh(session, [candidate.id])
    return candidate


def get_candidate(session: Session, candidate_id: int) -> tuple[Candidate, Requisition]:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound("That candidate no longer exists.")
    return candidate, session.get(Requisition, candidate.requisition_id)


def check_open(candidate: Candidate) -> None:
    if candidate.status == CandidateStatus.CLOSED.value:
        raise Conflict(f"{escape(candidate.name)}'s loop ended when the requisition was closed; nothing was changed.")
    if decided(candidate.decision):
        label = Decision(candidate.decision).label.lower()
        raise Conflict(f"{escape(candidate.name)} was already decided ({label}); nothing was changed.")


def interviews(session: Session, candidate_id: int) -> list[Interview]:
    return list(session.scalars(select(Interview).where(Interview.candidate_id == candidate_id).order_by(Interview.id)))


def scorecards(session: Session, candidate_id: int) -> list[Scorecard]:
    return list(session.scalars(select(Scorecard).where(Scorecard.candidate_id == candidate_id).order_by(Scorecard.id)))


# --- who sees what ---------------------------------------------------------------------------
def may_see_scores(
    req: Requisition, loop: list[Interview], cards: list[Scorecard], user: str, admins: frozenset[str]
) -> bool:
    """Independent feedback: an interviewer sees others' scores only once their own is in."""
    mine = [i for i in loop if i.interviewer_id == user and i.status != InterviewStatus.DECLINED]
    if mine:
        submitted = {c.interview_id for c in cards}
        return all(i.id in submitted for i in mine)
    return user in (req.hiring_manager_id, req.approver_id) or user in admins


def candidates_for(
    session: Session, user: str, admins: frozenset[str], requisition_id: int | None = None
) -> list[Candidate]:
    """Candidates whose hiring team the user is on (newest first)."""
    stmt = _visible(user, admins)
    if requisition_id is not None:
        stmt = stmt.where(Candidate.requisition_id == requisition_id)
    return list(session.scalars(stmt.order_by(_newest_first(user, admins)).limit(LIST_LIMIT)))


def _visible(user: str, admins: frozenset[str]):
    """Candidates whose hiring team the user is on: hiring manager, approver, interviewer; admins see all.

    For everyone else they are read from the person's own `candidate_access` rows (bot.flows.interviews.team),
    newest first from its primary key, so a list costs the same however many candidates anyone has.
    """
    stmt = select(Candidate)
    if user in admins:
        return stmt
    return stmt.join(CandidateAccess, CandidateAccess.candidate_id == Candidate.id).where(
        CandidateAccess.user_id == user
    )


def _newest_first(user: str, admins: frozenset[str]):
    """The order of `_visible`'s rows that its index gives without sorting."""
    return Candidate.id.desc() if user in admins else CandidateAccess.candidate_id.desc()


MATCH_LIMIT = 10


def find_by_name(session: Session, text: str, user: str, admins: frozenset[str]) -> list[Candidate]:
    """Every visible candidate called `text` (case-insensitive), however old; else those whose name contains it.

    `#17` (or `17`) names a candidate by id: the way to choose between two people with the same name.
    A data-protection request must reach a candidate added long ago, so nothing here is limited to the
    newest rows; at most MATCH_LIMIT + 1 are returned, enough to say "several match".
    """
    needle = text.strip()
    if (cid := record_id(needle.lstrip("#"))) is not None and needle.lstrip("#").isdigit():
        return list(session.scalars(_visible(user, admins).where(Candidate.id == cid)))
    name = func.lower(Candidate.name)
    exact = list(
        session.scalars(
            _visible(user, admins)
            .where(name == needle.lower())
            .order_by(_newest_first(user, admins))
            .limit(MATCH_LIMIT + 1)
        )
    )
    if exact:
        return exact
    return list(
        session.scalars(
            _visible(user, admins)
            .where(name.contains(needle.lower(), autoescape=True))
            .order_by(_newest_first(user, admins))
            .limit(MATCH_LIMIT + 1)
        )
    )


def stage_counts(session: Session, candidate_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{candidate: (scorecards in, interviews assigned)} in two queries."""
    cards = dict(
        session.execute(
            select(Scorecard.candidate_id, func.count())
            .where(Scorecard.candidate_id.in_(candidate_ids))
            .group_by(Scorecard.candidate_id)
        ).all()
    )
    loops = dict(
        session.execute(
            select(Interview.candidate_id, func.count())
            .where(Interview.candidate_id.in_(candidate_ids), Interview.status != InterviewStatus.DECLINED.value)
            .group_by(Interview.candidate_id)
        ).all()
    )
    return {c: (cards.get(c, 0), loops.get(c, 0)) for c in candidate_ids}


def open_interviews_for(session: Session, user: str) -> list[tuple[Interview, Candidate]]:
    """The user's interviews still waiting on them (a time or a scorecard), for undecided candidates whose loop
    has not ended:
    those without a time first, then by start. Two reads of the partial index `ix_interviews_open`
    (not declined, not scored), each in index order and stopped at the list's length, so a busy
    interviewer's Home tab costs the same however many interviews they have done."""
    unscheduled = list(session.execute(open_interviews_query(user, scheduled=False)).all())
    scheduled = list(session.execute(open_interviews_query(user, scheduled=True, limit=LIST_LIMIT - len(unscheduled))))
    return [(i, c) for i, c in unscheduled + scheduled]


def waiting_for_a_time(session: Session, requisition_id: int) -> list[int]:
    """The requisition's interviews assigned and still without a time."""
    return list(
        session.scalars(
            select(Interview.id)
            .join(Candidate, Candidate.id == Interview.candidate_id)
            .where(Candidate.requisition_id == requisition_id, Interview.status == InterviewStatus.ASSIGNED.value)
        )
    )


def open_interviews_query(user: str, *, scheduled: bool, limit: int = LIST_LIMIT):
    return (
        select(Interview, Candidate)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(
            Interview.interviewer_id == user,
            IS_OPEN_INTERVIEW,
            Interview.starts_at.is_not(None) if scheduled else Interview.starts_at.is_(None),
            Candidate.decision.is_(None) | (Candidate.decision == Decision.MORE_INTERVIEWS.value),
            Candidate.status != CandidateStatus.CLOSED.value,  # the loop ended with its requisition
        )
        .order_by(Interview.starts_at, Interview.id)
        .limit(max(limit, 0))
    )

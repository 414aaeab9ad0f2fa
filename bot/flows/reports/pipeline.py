"""`/ml-report pipeline`: every open requisition's candidates by stage, its age against its timeline, and the
stage where candidates wait longest. Three statements however many requisitions and candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session

from bot.errors import NotAllowed
from bot.flows.reports import figures
from bot.flows.requisition.estimate import estimate_timeline
from bot.flows.requisition.jobdesc import role_title
from bot.models import Candidate, Interview, Offer, Requisition, UTCDateTime
from bot.models.states import OPEN_OFFER, CandidateStatus, Decision, OfferStatus, RequisitionStatus
from bot.playbook import Playbook

OPEN = tuple(s.value for s in RequisitionStatus.hiring())
REFUSED = "Reports are for admins, and for hiring managers and approvers about their own requisitions."


@dataclass(frozen=True)
class ReportScope:
    """Whose requisitions a person's reports cover: everything (admins), or those they manage or approve."""

    user: str
    everything: bool

    def requisitions(self, stmt: Select) -> Select:
        if self.everything:
            return stmt
        return stmt.where(or_(Requisition.hiring_manager_id == self.user, Requisition.approver_id == self.user))


def scope_of(session: Session, user: str, admins: frozenset[str]) -> ReportScope:
    """Admins see everything; hiring managers and approvers their own; anyone else is refused."""
    if user in admins:
        return ReportScope(user, True)
    owns = session.scalar(
        select(Requisition.id)
        .where(or_(Requisition.hiring_manager_id == user, Requisition.approver_id == user))
        .limit(1)
    )
    if owns is None:
        raise NotAllowed(REFUSED)
    return ReportScope(user, False)


@dataclass(frozen=True)
class Line:
    id: int
    number: int  # what people call it ("#3", counted per workspace)
    specialization: str
    level: str
    hiring_manager_id: str
    status: str
    opened_at: datetime  # approval (or creation, when no approval time is recorded)
    weeks_open: float
    low: int
    high: int
    timeline: str  # on track / at risk / late
    stages: figures.StageFigures
    headcount: int
    filled: int
    role: str = ""  # "Senior ML Engineer, NLP": the one name the requisition has everywhere

    @property
    def name(self) -> str:
        return f"#{self.number} {self.role}"


@dataclass(frozen=True)
class Pipeline:
    lines: list[Line]
    totals: figures.StageFigures
    everything: bool

    def by_status(self, status: str) -> list[Line]:
        return [line for line in self.lines if line.timeline == status]


def band(playbook: Playbook, req, cache: dict | None = None) -> tuple[int, int]:
    """The requisition's timeline in weeks: the snapshot taken at intake, or the playbook's for its role
    (worked out once per level, specialization and hiring model when `cache` is given)."""
    stored = (req.estimate or {}).get("timeline") if isinstance(req.estimate, dict) else None
    if stored and "min_weeks" in stored and "max_weeks" in stored:
        return int(stored["min_weeks"]), int(stored["max_weeks"])
    if req.level not in playbook.levels or req.specialization not in playbook.specializations:
        return 6, 12
    key = (req.level, req.specialization, req.hiring_model)
    if cache is not None and key in cache:
        return cache[key]
    t = estimate_timeline(
        playbook,
        level=req.level,
        today=req.created_at.date(),
        target_start=req.target_start,
        hiring_model=req.hiring_model,
        specialization=req.specialization,
    )
    if cache is not None:
        cache[key] = (t.min_weeks, t.max_weeks)
    return t.min_weeks, t.max_weeks


def candidate_stages(requisitions: Select) -> Select:
    """(requisition id, stage, entered at) for every candidate of `requisitions` whose loop is open or
    decided (closed loops left out): one statement, its stage worked out in SQL."""
    loops = (
        select(
            Interview.candidate_id.label("candidate_id"),
            func.sum(case((Interview.status != "declined", 1), else_=0)).label("live"),
            func.sum(case((Interview.status == "assigned", 1), else_=0)).label("unscheduled"),
            func.sum(case((and_(Interview.status != "declined", Interview.scored_at.is_(None)), 1), else_=0)).label(
                "unscored"
            ),
            func.min(Interview.assigned_at).label("first_assigned"),
            func.min(Interview.starts_at).label("first_start"),
            func.max(Interview.scored_at).label("last_scored"),
        )
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Candidate.requisition_id.in_(requisitions))
        .group_by(Interview.candidate_id)
        .subquery()
    )
    offers = (
        select(
            Offer.candidate_id.label("candidate_id"),
            func.max(case((Offer.status.in_(OPEN_OFFER), 1), else_=0)).label("open"),
            func.max(case((Offer.status == OfferStatus.ACCEPTED.value, 1), else_=0)).label("accepted"),
            func.min(case((Offer.status.in_(OPEN_OFFER), Offer.created_at))).label("offered_at"),
        )
        .where(Offer.requisition_id.in_(requisitions))
        .group_by(Offer.candidate_id)
        .subquery()
    )
    hired_no_offer = and_(Candidate.decision == Decision.HIRE.value, offers.c.candidate_id.is_(None))
    stage = case(
        (or_(offers.c.accepted == 1, hired_no_offer), literal("hired")),
        (offers.c.open == 1, literal("offer_out")),
        (Candidate.decision.in_(Decision.final_values()), literal("decided")),
        (func.coalesce(loops.c.live, 0) == 0, literal("added")),
        (loops.c.unscheduled > 0, literal("scheduling")),
        (loops.c.unscored > 0, literal("interviewing")),
        else_=literal("awaiting_debrief"),
    )
    entered = case(
        (offers.c.open == 1, offers.c.offered_at),
        (Candidate.decision.in_(Decision.final_values()), Candidate.decided_at),
        (func.coalesce(loops.c.live, 0) == 0, Candidate.created_at),
        (loops.c.unscheduled > 0, loops.c.first_assigned),
        (loops.c.unscored > 0, loops.c.first_start),
        else_=loops.c.last_scored,
    )
    return (
        select(Candidate.requisition_id, stage.label("stage"), type_coerce(entered, UTCDateTime()).label("entered"))
        .outerjoin(loops, loops.c.candidate_id == Candidate.id)
        .outerjoin(offers, offers.c.candidate_id == Candidate.id)
        .where(Candidate.requisition_id.in_(requisitions), Candidate.status != CandidateStatus.CLOSED.value)
    )


COLUMNS = (
    Requisition.id,
    Requisition.number,
    Requisition.specialization,
    Requisition.level,
    Requisition.location,
    Requisition.hiring_model,
    Requisition.hiring_manager_id,
    Requisition.status,
    Requisition.estimate,
    Requisition.target_start,
    Requisition.headcount,
    Requisition.filled,
    Requisition.decided_at,
    Requisition.created_at,
)


def open_requisitions(scope: ReportScope) -> Select:
    """The columns a report needs of each open requisition in scope (not whole objects: there may be many)."""
    return scope.requisitions(select(*COLUMNS).where(Requisition.status.in_(OPEN)).order_by(Requisition.id))


def pipeline(
    session: Session, playbook: Playbook, scope: ReportScope, now: datetime, *, detail: bool = True
) -> Pipeline:
    """The report. Without `detail` (App Home's dashboard) the stage counts are totalled in SQL and the
    requisitions carry no per-stage figures: one row per stage comes back instead of one per candidate."""
    reqs = session.execute(open_requisitions(scope)).all()
    ids_ = scope.requisitions(select(Requisition.id).where(Requisition.status.in_(OPEN)))
    rows: dict[int, list[tuple[str, datetime | None]]] = {r.id: [] for r in reqs}
    totals = figures.StageFigures()
    if detail:
        everyone: list[tuple[str, datetime | None]] = []
        for requisition_id, stage, entered in session.execute(candidate_stages(ids_)):
            rows.setdefault(requisition_id, []).append((stage, entered))
            everyone.append((stage, entered))
        totals = figures.stage_figures(everyone, now)
    else:
        stages = candidate_stages(ids_).subquery()
        for stage, count in session.execute(select(stages.c.stage, func.count()).group_by(stages.c.stage)):
            totals.counts[stage] = count
    lines, bands = [], {}
    for r in reqs:
        opened = r.decided_at or r.created_at
        low, high = band(playbook, r, bands)
        weeks = figures.weeks_between(opened, now)
        lines.append(
            Line(
                id=r.id,
                number=r.number,
                specialization=r.specialization,
                level=r.level,
                hiring_manager_id=r.hiring_manager_id,
                status=r.status,
                opened_at=opened,
                weeks_open=weeks,
                low=low,
                high=high,
                timeline=figures.timeline_status(weeks, low, high),
                stages=figures.stage_figures(rows[r.id], now) if detail else figures.StageFigures(),
                headcount=r.headcount,
                filled=r.filled,
                role=role_title(playbook, r.specialization, r.level),
            )
        )
    return Pipeline(lines, totals, scope.everything)

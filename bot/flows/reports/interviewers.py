"""`/ml-report interviewers [days]` and `/ml-report me`: each interviewer's interviews, declines, scorecard
turnaround and this week's load over a period, and their calibration against the rest of the panel.

Admins see every interviewer with calibration; hiring managers and approvers see the interviewers of their
own requisitions without it; `me` shows a person their own figures, calibration included. Declines are
counted by when the interview was assigned (the decline time is not recorded). Five statements whatever the
volume: scorecards (with ratings) of the candidates scored in the period come back as rows for the pure
arithmetic in `figures`; the counts are aggregated in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from bot.flows.reports import figures
from bot.flows.reports.pipeline import ReportScope
from bot.models import Candidate, Interview, Requisition, Scorecard
from bot.models.states import Decision

DEFAULT_DAYS = 90


@dataclass(frozen=True)
class InterviewerLine:
    user: str
    done: int
    declined: int
    scorecards: int
    median_hours: float | None
    late_share: float | None
    this_week: int
    calibration: figures.Calibration | None
    agreed: tuple[int, int]  # (matched the final decision, compared)


@dataclass(frozen=True)
class InterviewersReport:
    days: int
    lines: list[InterviewerLine]
    calibrated: bool  # calibration figures are included (admins, or a person's own)


def _scoped(stmt: Select, scope: ReportScope, only: str | None) -> Select:
    if only:
        return stmt.where(Interview.interviewer_id == only)
    if scope.everything:
        return stmt
    mine = scope.requisitions(select(Requisition.id))
    return stmt.join(Candidate, Candidate.id == Interview.candidate_id).where(Candidate.requisition_id.in_(mine))


def week_start(now: datetime, zone: str) -> datetime:
    local = now.astimezone(ZoneInfo(zone))
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday


def report(
    session: Session, scope: ReportScope, now: datetime, *, days: int, zone: str, only: str | None = None
) -> InterviewersReport:
    """The figures for `days` before `now`; `only` limits them to one person (`/ml-report me`)."""
    since = now - timedelta(days=days)
    done = and_(Interview.status != "declined", Interview.ends_at >= since, Interview.ends_at <= now)
    declined = and_(Interview.status == "declined", Interview.assigned_at >= since)
    counts = (
        select(
            Interview.interviewer_id,
            func.sum(case((done, 1), else_=0)),
            func.sum(case((declined, 1), else_=0)),
        )
        .where((Interview.ends_at >= since) | (Interview.assigned_at >= since))
        .group_by(Interview.interviewer_id)
    )
    done_declined = {p: (d, x) for p, d, x in session.execute(_scoped(counts, scope, only))}
    monday = week_start(now, zone)
    load = dict(
        session.execute(
            _scoped(
                select(Interview.interviewer_id, func.count())
                .where(
                    Interview.status != "declined",
                    Interview.starts_at >= monday,
                    Interview.starts_at < monday + timedelta(days=7),
                )
                .group_by(Interview.interviewer_id),
                scope,
                only,
            )
        ).all()
    )
    cards = session.execute(
        _scoped(
            select(Scorecard.interviewer_id, Interview.ends_at, Scorecard.submitted_at)
            .join(Interview, Interview.id == Scorecard.interview_id)
            .where(Scorecard.submitted_at >= since, Scorecard.submitted_at <= now),
            scope,
            only,
        )
    ).all()
    turnaround: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    counted: dict[str, int] = defaultdict(int)
    for person, ended, submitted in cards:
        counted[person] += 1
        if ended is not None:
            turnaround[person].append((ended, submitted))
    calibrations, agreed = _calibration(session, scope, since, now, only) if scope.everything or only else ({}, {})
    people = set(done_declined) | set(load) | set(counted)
    lines = []
    for person in sorted(people):
        dd = done_declined.get(person, (0, 0))
        median_hours, late = figures.turnaround(turnaround.get(person, []))
        lines.append(
            InterviewerLine(
                user=person,
                done=int(dd[0] or 0),
                declined=int(dd[1] or 0),
                scorecards=counted.get(person, 0),
                median_hours=median_hours,
                late_share=late,
                this_week=int(load.get(person, 0)),
                calibration=calibrations.get(person),
                agreed=agreed.get(person, (0, 0)),
            )
        )
    return InterviewersReport(days, lines, calibrated=scope.everything or only is not None)


def _calibration(
    session: Session, scope: ReportScope, since: datetime, now: datetime, only: str | None
) -> tuple[dict[str, figures.Calibration], dict[str, tuple[int, int]]]:
    """Every scorecard on the candidates scored in the period (the whole panel, whoever is asking), so each
    interviewer is compared with everyone else who rated the same candidate."""
    scored = select(Scorecard.candidate_id).where(Scorecard.submitted_at >= since, Scorecard.submitted_at <= now)
    if only:
        scored = scored.where(Scorecard.interviewer_id == only)
    rows = session.execute(
        select(
            Scorecard.interviewer_id,
            Scorecard.candidate_id,
            Scorecard.ratings,
            Scorecard.recommendation,
            Scorecard.submitted_at,
            Candidate.decision,
        )
        .join(Candidate, Candidate.id == Scorecard.candidate_id)
        .where(Scorecard.candidate_id.in_(scored))
    ).all()
    ratings, in_period = [], defaultdict(int)
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person, candidate, card, recommendation, submitted, decision in rows:
        if since <= submitted <= now:
            in_period[person] += 1
        for competency, value in (card or {}).items():
            score = value.get("score") if isinstance(value, dict) else None
            if isinstance(score, int):
                ratings.append(figures.Rating(person, candidate, competency, score))
        if decision in Decision.final_values():
            pairs[person].append((recommendation, decision))
    out = figures.calibration(ratings, dict(in_period))
    agreed = {p: figures.agreement(v) for p, v in pairs.items()}
    if only:
        out = {k: v for k, v in out.items() if k == only}
        agreed = {k: v for k, v in agreed.items() if k == only}
    return out, agreed

"""A hiring organisation's worth of data, seeded in bulk (Core inserts), for the scale tests and bench/.

At scale 1: 1,000 requisitions, 10,000 candidates, 22,000 interviews, 12,000 scorecards, 500
onboardings (10 checklist items each) and 200,000 reminder rows over 50 people. Who is who:
- BUSY_HM manages a tenth of the requisitions and interviews a thirtieth of the candidates;
- ADMIN sees everything;
- LIGHT manages one requisition (with its candidates) and has two interviews of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, literal, select, text
from sqlalchemy.engine import Engine

from bot.flows.interviews.team import team_rows
from bot.models import (
    Candidate,
    CandidateAccess,
    Interview,
    Onboarding,
    OnboardingItem,
    PlanStage,
    Requisition,
    Scorecard,
)
from bot.tenancy import SINGLE
from tests.support.seed import insert_all, nudge_row

PEOPLE = [f"U0P{i:02d}" for i in range(50)]
BUSY_HM = PEOPLE[0]
ADMIN = "U0VADMIN"
LIGHT = "U0LIGHT"
STAGES = ("technical", "system_design", "mlops", "communication", "ethics")
SPECIALIZATIONS = ("nlp", "computer_vision", "predictive_analytics", "generative_ai", "ml_infrastructure")


@dataclass(frozen=True)
class Volume:
    requisitions: int
    candidates: int
    interviews: int
    scorecards: int
    onboardings: int
    nudges: int


def volume(scale: float) -> Volume:
    return Volume(
        requisitions=int(1000 * scale),
        candidates=int(10_000 * scale),
        interviews=int(22_000 * scale),
        scorecards=int(12_000 * scale),
        onboardings=int(500 * scale),
        nudges=int(200_000 * scale),
    )


def seed(engine: Engine, scale: float, now: datetime, *, nudges: bool = True, workspace: str = SINGLE) -> Volume:
    """Every row in `workspace` (single-token mode's one unless told)."""
    v = volume(scale)
    with engine.begin() as conn:
        _chunks(conn, Requisition, (_requisition(i, v, now) for i in range(1, v.requisitions + 1)), workspace)
        _chunks(
            conn,
            PlanStage,
            (
                dict(requisition_id=r, stage_key=key, position=p, active=True)
                for r in range(1, v.requisitions + 1)
                for p, key in enumerate(STAGES)
            ),
            workspace,
        )
        _chunks(conn, Candidate, (_candidate(i, v, now) for i in range(1, v.candidates + 1)), workspace)
        interviews = [_interview(i, v, now) for i in range(1, v.interviews + 1)]
        for iv in interviews[: v.scorecards]:
            if iv["interviewer_id"] != LIGHT:
                iv["scored_at"] = now - timedelta(days=2)
        _chunks(conn, Interview, interviews, workspace)
        _chunks(
            conn,
            Scorecard,
            (
                dict(
                    interview_id=iv["id"],
                    candidate_id=iv["candidate_id"],
                    interviewer_id=iv["interviewer_id"],
                    stage_key=iv["stage_key"],
                    ratings={"tradeoffs": {"score": 3, "evidence": None}},
                    red_flags=[],
                    recommendation="hire",
                    notes=None,
                    submitted_at=now - timedelta(days=2),
                    updated_at=now - timedelta(days=2),
                )
                for iv in interviews[: v.scorecards]
                if iv["interviewer_id"] != LIGHT
            ),
            workspace,
        )
        team = team_rows(select(Candidate.id).where(Candidate.workspace == workspace)).subquery()
        conn.execute(
            insert(CandidateAccess).from_select(
                ["user_id", "candidate_id", "workspace"], select(*team.c, literal(workspace))
            )
        )
        _chunks(conn, Onboarding, (_onboarding(i, now) for i in range(1, v.onboardings + 1)), workspace)
        _chunks(
            conn,
            OnboardingItem,
            (
                dict(
                    onboarding_id=o,
                    key=f"item{k}",
                    text=f"Checklist item {k}",
                    owner_role=("new_hire", "manager", "buddy")[k % 3],
                    due_date=now.date() + timedelta(days=k),
                    position=k,
                    done_at=now if k < 4 else None,
                    done_by=None,
                )
                for o in range(1, v.onboardings + 1)
                for k in range(10)
            ),
            workspace,
        )
        if nudges:
            insert_all(conn, _nudges(v.nudges, now), workspace=workspace)
        if conn.dialect.name == "postgresql":  # what autovacuum does soon after; SQLite keeps no statistics
            conn.execute(text("ANALYZE"))
    return v


def _chunks(conn, model, rows, workspace: str, size: int = 5000) -> None:
    batch = []
    for row in rows:
        batch.append(row | {"workspace": workspace})
        if len(batch) == size:
            conn.execute(insert(model), batch)
            batch = []
    if batch:
        conn.execute(insert(model), batch)


def _requisition(i: int, v: Volume, now: datetime) -> dict:
    hm = LIGHT if i == 1 else PEOPLE[i % 10]
    return dict(
        id=i,
        number=i,
        hiring_manager_id=hm,
        approver_id=PEOPLE[10 + i % 5],
        specialization=SPECIALIZATIONS[i % 5],
        level=("junior", "mid", "senior", "staff")[i % 4],
        location="remote",
        hiring_model="in_house",
        headcount=1 + i % 3,
        target_start=date(2027, 6, 1),
        stage="production",
        work="both",
        mlops="moderate",
        readiness_answers={},
        readiness_yes=6,
        readiness_total=6,
        estimate={},
        status="approved" if i % 7 else "pending_approval",
        channel_id="C0HIRING",
        created_at=now - timedelta(days=i % 200),
        updated_at=now - timedelta(days=i % 200),
    )


def _candidate(i: int, v: Volume, now: datetime) -> dict:
    return dict(
        id=i,
        requisition_id=1 + (i - 1) % v.requisitions,
        name=f"Candidate {i}",
        profile_url=f"https://example.com/c/{i}",
        source="referral",
        email=None,
        added_by=PEOPLE[i % 10],
        screen_signals=[],
        status="rejected" if i % 7 == 3 else "active",
        decision="no_hire" if i % 7 == 3 else None,
        created_at=now - timedelta(days=i % 300),
    )


def _interview(i: int, v: Volume, now: datetime) -> dict:
    candidate = 1 + (i - 1) % v.candidates
    stage = STAGES[((i - 1) // v.candidates) % len(STAGES)]
    k = i % 30
    interviewer = LIGHT if i in (2, 3) else (BUSY_HM if k == 0 else PEOPLE[15 + k])
    starts = now + timedelta(hours=(i % 200) - 100)
    return dict(
        id=i,
        candidate_id=candidate,
        stage_key=stage,
        interviewer_id=interviewer,
        assignment_no=1,
        status="scheduled",
        scored_at=None,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        assigned_by=PEOPLE[0],
        assigned_at=now - timedelta(days=3),
    )


def _onboarding(i: int, now: datetime) -> dict:
    return dict(
        id=i,
        new_hire_id=f"U0HIRE{i:05d}",
        manager_id=PEOPLE[i % 10],
        buddy_id=PEOPLE[20 + i % 10],
        specialization=SPECIALIZATIONS[i % 5],
        start_date=now.date() - timedelta(days=i % 120),
        created_by=ADMIN,
        channel_id="C0ONBOARD",
        created_at=now - timedelta(days=i % 120),
    )


def _nudges(count: int, now: datetime):
    """Mostly history (sent, cancelled, in the past), a tenth pending in the coming weeks."""
    for i in range(count):
        if i % 10 == 0:
            yield nudge_row(i, due_at=now + timedelta(hours=1 + i % 500), status="pending", prefix="vol")
        else:
            yield nudge_row(
                i, due_at=now - timedelta(hours=1 + i % 9000), status=("sent", "cancelled")[i % 3 == 0], prefix="vol"
            )

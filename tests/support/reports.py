"""A small hiring organisation for the report tests, written straight to the database (the reports read
what the flows store; the flows' own tests cover how it gets there)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.flows.interviews.team import refresh
from bot.models import (
    Candidate,
    CheckIn,
    Interview,
    Offer,
    Onboarding,
    OnboardingItem,
    Requisition,
    Scorecard,
)

HM, OTHER_HM, APPROVER = "U0HM", "U0OTHER", "U0APPROVER"
LENIENT, SEVERE, STEADY, STEADY2, FEW = "U0ALICE", "U0BOB", "U0CAROL", "U0DAVE", "U0ERIN"


def requisition(
    rid: int, *, hm: str, level: str, weeks_ago: float, now: datetime, low: int, high: int, **extra
) -> Requisition:
    opened = now - timedelta(weeks=weeks_ago)
    values = dict(
        id=rid,
        number=rid,  # "#1" is requisition 1 in these seeds
        hiring_manager_id=hm,
        approver_id=APPROVER,
        specialization="nlp",
        level=level,
        location="remote",
        hiring_model="in_house",
        headcount=2,
        target_start=date(2027, 6, 1),
        stage="production",
        work="both",
        mlops="moderate",
        readiness_answers={},
        readiness_yes=6,
        readiness_total=6,
        estimate={"timeline": {"min_weeks": low, "max_weeks": high}},
        status="approved",
        channel_id="C0HIRING",
        decided_by=APPROVER,
        decided_at=opened,
        created_at=opened - timedelta(days=2),
        updated_at=opened,
    )
    return Requisition(**(values | extra))


def candidate(cid: int, rid: int, now: datetime, *, days_ago: float, **extra) -> Candidate:
    values = dict(
        id=cid,
        requisition_id=rid,
        name=f"Candidate {cid}",
        profile_url=f"https://example.com/c/{cid}",
        source="referral",
        added_by=HM,
        screen_signals=[],
        status="active",
        created_at=now - timedelta(days=days_ago),
    )
    return Candidate(**(values | extra))


def interview(
    iid: int,
    cid: int,
    who: str,
    now: datetime,
    *,
    stage="technical",
    status="scheduled",
    ended_days_ago=None,
    scored=None,
    assigned_days_ago=10,
) -> Interview:
    ends = now - timedelta(days=ended_days_ago) if ended_days_ago is not None else None
    return Interview(
        id=iid,
        candidate_id=cid,
        stage_key=stage,
        interviewer_id=who,
        assignment_no=1,
        status=status,
        starts_at=ends - timedelta(hours=1) if ends else None,
        ends_at=ends,
        assigned_by=HM,
        assigned_at=now - timedelta(days=assigned_days_ago),
        scored_at=scored,
    )


def scorecard(iv: Interview, score: int, recommendation: str, submitted: datetime) -> Scorecard:
    return Scorecard(
        interview_id=iv.id,
        candidate_id=iv.candidate_id,
        interviewer_id=iv.interviewer_id,
        stage_key=iv.stage_key,
        ratings={"tradeoffs": {"score": score, "evidence": None}},
        red_flags=[],
        recommendation=recommendation,
        notes=None,
        submitted_at=submitted,
        updated_at=submitted,
    )


def hiring_teams(session) -> None:
    """Each candidate's hiring team as the flows would have derived it."""
    refresh(session, select(Candidate.id))
    session.commit()


def pipeline_org(session, now: datetime) -> None:
    """#1 (HM's, senior, 14 weeks of 10–16: at risk) with a candidate in each of five stages;
    #2 (another HM's, junior, 20 weeks of 6–12: late) with an open offer; #3 pending approval (not open)."""
    session.add_all(
        [
            requisition(1, hm=HM, level="senior", weeks_ago=14, now=now, low=10, high=16),
            requisition(2, hm=OTHER_HM, level="junior", weeks_ago=20, now=now, low=6, high=12),
            requisition(3, hm=HM, level="mid", weeks_ago=1, now=now, low=6, high=12, status="pending_approval"),
        ]
    )
    session.flush()
    session.add_all(
        [
            candidate(1, 1, now, days_ago=4),  # added
            candidate(2, 1, now, days_ago=20),  # scheduling
            candidate(3, 1, now, days_ago=20),  # interviewing
            candidate(4, 1, now, days_ago=30),  # awaiting debrief
            candidate(
                5, 1, now, days_ago=30, status="rejected", decision="no_hire", decided_at=now - timedelta(days=2)
            ),
            candidate(6, 2, now, days_ago=40, status="hired", decision="hire", decided_at=now - timedelta(days=5)),
        ]
    )
    session.flush()
    session.add_all(
        [
            interview(1, 2, STEADY, now, status="assigned", assigned_days_ago=6),
            interview(2, 3, STEADY, now, ended_days_ago=3),  # scorecard overdue
            interview(3, 4, STEADY, now, ended_days_ago=9, scored=now - timedelta(days=8)),
            interview(4, 6, STEADY, now, ended_days_ago=12, scored=now - timedelta(days=11)),
        ]
    )
    session.flush()
    session.add(
        Offer(
            candidate_id=6,
            requisition_id=2,
            status="extended",
            base_salary=100000,
            currency="USD",
            start_date=date(2027, 2, 1),
            location="remote",
            expires_on=date(2026, 12, 10),
            band_low=90000,
            band_high=120000,
            placement="within",
            created_by=OTHER_HM,
            created_at=now - timedelta(days=3),
            updated_at=now - timedelta(days=3),
        )
    )
    session.commit()
    hiring_teams(session)


def calibration_org(session, now: datetime) -> None:
    """Five candidates on one requisition, each rated on one competency by a lenient interviewer (4), a severe
    one (2) and two steady ones (3); a fifth interviewer with only four scorecards."""
    session.add(requisition(1, hm=HM, level="senior", weeks_ago=4, now=now, low=10, high=16))
    session.flush()
    iid = 0
    for cid in range(1, 6):
        session.add(
            candidate(
                cid,
                1,
                now,
                days_ago=20,
                status="hired" if cid < 4 else "rejected",
                decision="hire" if cid < 4 else "no_hire",
                decided_at=now - timedelta(days=1),
            )
        )
        session.flush()
        panel = [(LENIENT, 4, "strong_yes", 2), (SEVERE, 2, "no", 30), (STEADY, 3, "yes", 5), (STEADY2, 3, "yes", 20)]
        if cid < 5:
            panel.append((FEW, 3, "yes", 1))
        for n, (who, score, rec, hours) in enumerate(panel):
            iid += 1
            ended = now - timedelta(days=10)
            iv = interview(iid, cid, who, now, stage=f"s{n}", ended_days_ago=10, scored=ended + timedelta(hours=hours))
            session.add(iv)
            session.flush()
            session.add(scorecard(iv, score, rec, ended + timedelta(hours=hours)))
    session.commit()
    hiring_teams(session)


def onboarding_org(session, now: datetime) -> None:
    """Two onboardings 40 days in: the HM's with a day-30 answer carrying low scores and a blocker, another
    manager's with day 30 unanswered and two overdue items."""
    today = now.date()
    for oid, manager in ((1, HM), (2, OTHER_HM)):
        session.add(
            Onboarding(
                id=oid,
                new_hire_id=f"U0HIRE{oid}",
                manager_id=manager,
                buddy_id="U0BUDDY",
                specialization="nlp",
                start_date=today - timedelta(days=40),
                created_by=manager,
                channel_id="C0ONBOARD",
                created_at=now - timedelta(days=41),
            )
        )
        session.flush()
        for k in range(4):
            session.add(
                OnboardingItem(
                    onboarding_id=oid,
                    key=f"item{k}",
                    text=f"Item {k}",
                    owner_role=("new_hire", "manager")[k % 2],
                    due_date=today - timedelta(days=5 - k),
                    position=k,
                    done_at=now if (oid == 1 or k >= 2) else None,
                )
            )
    session.add(
        CheckIn(
            onboarding_id=1,
            day=30,
            role="new_hire",
            scores={"ramp_up": 1, "clarity": 4},
            blockers="Settling in well but no GPU access",
            notes=None,
            answers={},
            shared_with_manager=False,
            answered_at=now - timedelta(days=9),
        )
    )
    session.commit()

"""Interview-loop nudges, scheduled through the reminder engine.

- Assigned, no time set: the interviewer is nudged after 2 business days; the hiring manager is
  told after 4.
- Scheduled: the scorecard prompt about an hour after the interview ends; reminders 24 and 48
  hours after it; the hiring manager told at 48 hours. All inside the recipient's working hours,
  none before the interview, and none once the scorecard is in; never two on one moment (see
  `schedule_for_interview`), and no hiring manager alerted about their own scorecard.
A reassignment or a new time makes new rows (their keys carry the assignment and the start), and
the old ones find themselves unwanted at send time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import (
    Candidate,
    CandidateStatus,
    Interview,
    InterviewStatus,
    Nudge,
    Requisition,
    RequisitionStatus,
    Scorecard,
    decided,
)
from bot.nudges import rows as nudges
from bot.nudges.kinds import About, NudgeKind, about
from bot.nudges.timing import at_or_after, business_days_after
from bot.playbook import Playbook

SUBJECT = "interview"
SCHEDULE, SCHEDULE_LATE = "iv_schedule", "iv_schedule_late"
SCORECARD, SCORECARD_REMINDER, SCORECARD_LATE = "iv_scorecard", "iv_scorecard_reminder", "iv_scorecard_late"
AT = time(10, 0)


def _people(session: Session, settings: Settings, users: set[str], now: datetime):
    return nudges.recipients(session, users, settings, now)


def schedule_for_assignment(
    session: Session, settings: Settings, interview: Interview, req: Requisition, now: datetime, round_: str = ""
) -> None:
    """`round_` names a later round of the same assignment's nudges (after a hold), so they are new rows."""
    people = _people(session, settings, {interview.interviewer_id, req.hiring_manager_id}, now)
    cal = nudges.work_calendar(settings)
    detail = {"no": interview.assignment_no}
    key = f"a{interview.assignment_no}" + (f":{round_}" if round_ else "")
    for kind, user, days in ((SCHEDULE, interview.interviewer_id, 2), (SCHEDULE_LATE, req.hiring_manager_id, 4)):
        who = people[user]
        today = now.astimezone(who.zone).date()
        nudges.schedule(
            session,
            kind=kind,
            recipient=who,
            subject_type=SUBJECT,
            subject_id=interview.id,
            key=key,
            due=business_days_after(cal, today, days, AT, who.zone, who.quiet),
            now=now,
            detail=detail,
        )


def schedule_for_interview(
    session: Session, settings: Settings, interview: Interview, req: Requisition, now: datetime
) -> None:
    """The scorecard prompt, the two reminders and the hiring manager's alert for a scheduled interview.

    Each lands in its recipient's working time, so a weekend or a holiday can fold several onto the same
    moment (an interview on Friday afternoon: both reminders on Monday at 09:00). A reminder that would land
    less than MIN_GAP after the one before it for the same person goes one business day after that one
    instead; the hiring manager's alert never comes before the interviewer's last reminder; and a hiring
    manager who is the interviewer is not alerted about their own scorecard."""
    people = _people(session, settings, {interview.interviewer_id, req.hiring_manager_id}, now)
    cal = nudges.work_calendar(settings)
    start = interview.starts_at.isoformat()
    detail = {"no": interview.assignment_no, "start": start}
    key = f"a{interview.assignment_no}:{int(interview.starts_at.timestamp())}"
    plan = (
        (SCORECARD, interview.interviewer_id, timedelta(hours=1), "prompt"),
        (SCORECARD_REMINDER, interview.interviewer_id, timedelta(hours=24), "r24"),
        (SCORECARD_REMINDER, interview.interviewer_id, timedelta(hours=48), "r48"),
        (SCORECARD_LATE, req.hiring_manager_id, timedelta(hours=48), "late"),
    )
    last: datetime | None = None  # the interviewer's latest reminder so far
    for kind, user, after, suffix in plan:
        if kind == SCORECARD_LATE and user == interview.interviewer_id:
            continue
        who = people[user]
        due = at_or_after(cal, interview.ends_at + after, who.zone, who.quiet)
        if kind != SCORECARD_LATE and last is not None and due.at - last < MIN_GAP:
            local = last.astimezone(who.zone)
            later = business_days_after(cal, local.date(), 1, local.time(), who.zone, who.quiet).at
            due = at_or_after(cal, later, who.zone, who.quiet)
        if kind == SCORECARD_LATE and last is not None and due.at < last:
            due = at_or_after(cal, last, who.zone, who.quiet)
        if kind != SCORECARD_LATE:
            last = due.at
        nudges.schedule(
            session,
            kind=kind,
            recipient=who,
            subject_type=SUBJECT,
            subject_id=interview.id,
            key=f"{key}:{suffix}",
            due=due,
            now=now,
            detail=detail,
        )


MIN_GAP = timedelta(hours=12)  # closer than this to the one before, a scorecard reminder adds nothing


class _InterviewFacts:
    """Everything the kinds need about a batch, in three queries."""

    def __init__(self, session: Session, batch: list[Nudge]):
        ids_ = {n.subject_id for n in batch}
        self.interviews = {i.id: i for i in session.scalars(select(Interview).where(Interview.id.in_(ids_)))}
        cids = {i.candidate_id for i in self.interviews.values()}
        rows = session.execute(
            select(Candidate, Requisition)
            .join(Requisition, Requisition.id == Candidate.requisition_id)
            .where(Candidate.id.in_(cids))
        ).all()
        self.candidates = {c.id: (c, r) for c, r in rows}
        self.scored = set(session.scalars(select(Scorecard.interview_id).where(Scorecard.interview_id.in_(ids_))))

    def wanted(self, n: Nudge) -> bool:
        interview = self.interviews.get(n.subject_id)
        if interview is None or interview.assignment_no != (n.detail or {}).get("no"):
            return False
        candidate, req = self.candidates[interview.candidate_id]
        if decided(candidate.decision) or candidate.status == CandidateStatus.CLOSED.value:
            return False
        if n.kind in (SCHEDULE, SCHEDULE_LATE):  # paused while the requisition is on hold
            return interview.status == InterviewStatus.ASSIGNED and req.status != RequisitionStatus.ON_HOLD.value
        return (
            interview.status == InterviewStatus.SCHEDULED
            and interview.starts_at is not None
            and interview.starts_at.isoformat() == n.detail.get("start")
            and interview.id not in self.scored
            and candidate.debriefed_at is None
        )


def _superseded(session: Session, playbook: Playbook, batch: list[Nudge], now: datetime) -> dict[int, str]:
    """Reminders about an interview that was reassigned or moved since they were scheduled."""
    ctx = _InterviewFacts(session, batch)
    out = {}
    for n in batch:
        interview = ctx.interviews.get(n.subject_id)
        if interview is None:
            continue
        if interview.assignment_no != (n.detail or {}).get("no"):
            out[n.id] = "the interview was reassigned"
        elif (
            n.kind not in (SCHEDULE, SCHEDULE_LATE)
            and interview.starts_at is not None
            and interview.starts_at.isoformat() != (n.detail or {}).get("start")
        ):
            out[n.id] = "the interview was rescheduled"
    return out


def _kind(name: str, label: str) -> NudgeKind:
    def wanted(session: Session, batch: list[Nudge]) -> set[int]:
        ctx = _InterviewFacts(session, batch)
        return {n.id for n in batch if ctx.wanted(n)}

    def load(session: Session, playbook: Playbook, batch: list[Nudge]) -> dict[int, About]:
        ctx = _InterviewFacts(session, batch)
        out = {}
        for n in batch:
            if ctx.wanted(n):
                interview = ctx.interviews[n.subject_id]
                candidate, req = ctx.candidates[interview.candidate_id]
                out[n.id] = about(n.kind, playbook, interview, candidate, req, n.kind)
        return out

    return NudgeKind(name, label, wanted, load, max_late=MAX_LATE, superseded=_superseded)


MAX_LATE = timedelta(days=7)  # an interview nag a week late is noise: the next step has its own reminder
KINDS = (
    _kind(SCHEDULE, "scheduling reminders for this interview"),
    _kind(SCHEDULE_LATE, "unscheduled-interview alerts for this interview"),
    _kind(SCORECARD, "scorecard prompts for this interview"),
    _kind(SCORECARD_REMINDER, "scorecard reminders for this interview"),
    _kind(SCORECARD_LATE, "late-scorecard alerts for this interview"),
)

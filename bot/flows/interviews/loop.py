"""Assigning interviewers, setting interview times, declining. Functions take a session and `now`."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotFound
from bot.flows.access import check_interviewer, check_may_manage
from bot.flows.interviews import ids, nudges, service, team
from bot.flows.interviews.forms import InterviewDeclineForm, TimeForm
from bot.flows.people import Person, person_problem
from bot.models import Candidate, Interview, InterviewStatus, Requisition
from bot.nudges.rows import remember_zones
from bot.playbook import Playbook


def week_load(session: Session, users: set[str], now: datetime) -> dict[str, int]:
    """Interviews each person has in the current week (Monday to Sunday, UTC), in one query."""
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = session.execute(
        select(Interview.interviewer_id, func.count())
        .where(
            Interview.interviewer_id.in_(users),
            Interview.status == InterviewStatus.SCHEDULED.value,
            Interview.starts_at >= monday,
            Interview.starts_at < monday + timedelta(days=7),
        )
        .group_by(Interview.interviewer_id)
    ).all()
    return {u: 0 for u in users} | dict(rows)


def assign(
    session: Session,
    settings: Settings,
    candidate: Candidate,
    req: Requisition,
    picks: dict[str, str],
    people: dict[str, Person],
    *,
    user: str,
    now: datetime,
) -> list[Interview]:
    """Set each stage's interviewer; returns the interviews that are new or changed (their kits go out).

    One person may take several stages (a small team's panel): the form says the panel then has
    fewer independent views, and the debrief counts interviewers, not stages.
    """
    check_may_manage(req, user, settings.bot_admins, "assign")
    service.check_open(candidate)
    stages = service.active_stages(session, req.id)
    errors: dict[str, str] = {}
    for stage, interviewer in picks.items():
        block = ids.STAGE_PREFIX + stage
        if stage not in stages:
            errors[block] = "That stage is no longer in the plan."
        elif (problem := person_problem(people.get(interviewer))) is not None:
            errors[block] = problem
    if errors:
        raise FormErrors(errors)
    # the bot just asked Slack about them: remember their zones, so their reminders are right from the start
    remember_zones(session, {u: p.tz for u, p in people.items() if p.found}, now)
    existing = {i.stage_key: i for i in service.interviews(session, candidate.id)}
    scored = {c.interview_id for c in service.scorecards(session, candidate.id)}
    for stage, interviewer in picks.items():
        current = existing.get(stage)
        if current is not None and current.id in scored and current.interviewer_id != interviewer:
            errors[ids.STAGE_PREFIX + stage] = "This stage's scorecard is in; it keeps its interviewer."
    if errors:
        raise FormErrors(errors)
    changed = []
    for stage, interviewer in picks.items():
        current = existing.get(stage)
        if current is not None and current.interviewer_id == interviewer and current.status != InterviewStatus.DECLINED:
            continue
        if current is None:
            current = Interview(
                candidate_id=candidate.id,
                stage_key=stage,
                interviewer_id=interviewer,
                assignment_no=1,
                status=InterviewStatus.ASSIGNED.value,
                assigned_by=user,
                assigned_at=now,
            )
            session.add(current)
        else:
            move(current, InterviewStatus.ASSIGNED)
            current.interviewer_id, current.assigned_by, current.assigned_at = interviewer, user, now
            current.assignment_no += 1
            current.starts_at = current.ends_at = current.decline_reason = None
        session.flush()
        nudges.schedule_for_assignment(session, settings, current, req, now)
        changed.append(current)
    team.refresh(session, [candidate.id])
    return changed


def move(interview: Interview, new: InterviewStatus) -> None:
    """Change an interview's state along the moves `InterviewStatus` allows, or say why not."""
    if not InterviewStatus(interview.status).may_become(new):
        raise Conflict(f"This interview is {interview.status}; it cannot be {new.value} now.")
    interview.status = new.value


def check_own(session: Session, ref: ids.InterviewRef, user: str) -> tuple[Interview, Candidate, Requisition]:
    """The interview behind a kit button, if it is still the user's and the candidate is undecided."""
    interview = session.get(Interview, ref.interview_id)
    if interview is None:
        raise NotFound("That interview no longer exists.")
    check_interviewer(interview, ref.assignment_no, user)
    candidate, req = service.get_candidate(session, interview.candidate_id)
    service.check_open(candidate)
    if interview.status == InterviewStatus.DECLINED:
        raise Conflict("You declined this interview.")
    return interview, candidate, req


def set_time(
    session: Session,
    settings: Settings,
    ref: ids.InterviewRef,
    *,
    user: str,
    form: TimeForm,
    now: datetime,
    playbook: Playbook,
) -> tuple[Interview, Candidate, Requisition]:
    interview, candidate, req = check_own(session, ref, user)
    ends_at = form.starts_at + timedelta(minutes=form.minutes)
    if (clash := overlapping(session, playbook, interview, form.starts_at, ends_at)) is not None:
        raise FormErrors({ids.WHEN: clash})
    move(interview, InterviewStatus.SCHEDULED)
    interview.starts_at = form.starts_at
    interview.ends_at = ends_at
    session.flush()
    nudges.schedule_for_interview(session, settings, interview, req, now)
    return interview, candidate, req


def overlapping(
    session: Session, playbook: Playbook, interview: Interview, starts_at: datetime, ends_at: datetime
) -> str | None:
    """Why [starts_at, ends_at) cannot be this interview's time: it overlaps another scheduled interview of the
    same candidate (one person, one room) or of the same interviewer. Plain words for an inline error: the
    other interview's start is said relative to this one (the form does not know the reader's zone)."""
    others = session.execute(
        select(Interview, Candidate)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(
            Interview.id != interview.id,
            Interview.status == InterviewStatus.SCHEDULED.value,
            Interview.starts_at < ends_at,
            Interview.ends_at > starts_at,
            (Interview.candidate_id == interview.candidate_id) | (Interview.interviewer_id == interview.interviewer_id),
        )
        .order_by(Interview.starts_at)
        .limit(1)
    ).first()
    if others is None:
        return None
    other, who = others
    minutes = round(abs((other.starts_at - starts_at).total_seconds()) / 60)
    side = "before" if other.starts_at < starts_at else "after"
    when = "at the same time" if minutes == 0 else f"{minutes} minutes {side} this one"
    length = round((other.ends_at - other.starts_at).total_seconds() / 60)
    whose = "your" if other.interviewer_id == interview.interviewer_id else "another"
    stage = playbook.stage(other.stage_key)
    return (
        f"This overlaps {whose} {stage.label if stage else other.stage_key} interview with {who.name}, which "
        f"starts {when} and lasts {length} minutes. Pick another time."
    )


def decline(
    session: Session, ref: ids.InterviewRef, *, user: str, form: InterviewDeclineForm, now: datetime
) -> tuple[Interview, Candidate, Requisition]:
    interview, candidate, req = check_own(session, ref, user)
    if interview.scored_at is not None:
        raise Conflict("Your scorecard is already in; this interview cannot be declined any more.")
    move(interview, InterviewStatus.DECLINED)
    interview.decline_reason = form.reason
    interview.starts_at = interview.ends_at = None
    team.refresh(session, [candidate.id])
    return interview, candidate, req

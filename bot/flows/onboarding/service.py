"""Onboarding state changes. Every function takes a session and `now`; none talks to Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotAllowed, NotFound
from bot.flows.access import check_may_tick, check_respondent, may_view_onboarding
from bot.flows.offers import joining
from bot.flows.onboarding import ids, risk, schedule
from bot.flows.onboarding.forms import Answer, StartForm
from bot.models import Candidate, CheckIn, Onboarding, OnboardingItem, Requisition, RequisitionStatus
from bot.playbook import ChecklistItem, Playbook

LIST_LIMIT = 20


def checklist(playbook: Playbook, specialization: str) -> list[ChecklistItem]:
    return [*playbook.onboarding.checklist, *playbook.onboarding.by_specialization.get(specialization, [])]


def start(
    session: Session,
    playbook: Playbook,
    settings: Settings,
    form: StartForm,
    *,
    created_by: str,
    now: datetime,
    candidate_id: int | None = None,
) -> Onboarding:
    """Store the onboarding with its checklist and schedule everything timed, in one transaction; linked to
    the hire it was started for (`candidate_id`, from the form's metadata) while that hire may start it."""
    if session.scalar(select(Onboarding.id).where(Onboarding.new_hire_id == form.new_hire)) is not None:
        raise FormErrors(
            {ids.NEW_HIRE: "This person already has an onboarding: /ml-onboard status with them mentioned shows it."}
        )
    if candidate_id is not None:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise FormErrors({ids.NEW_HIRE: "The hire this form was opened for no longer exists; nothing was started."})
        if (why := joining.why_no_start(session, candidate)) is not None:
            raise FormErrors({ids.NEW_HIRE: why})
    if form.requisition_id is not None:
        req = session.get(Requisition, form.requisition_id)
        if req is None or req.status_enum not in (*RequisitionStatus.hiring(), RequisitionStatus.FILLED):
            raise FormErrors({ids.REQUISITION: "Choose an approved requisition, or none."})
        if req.hiring_manager_id != created_by and not settings.is_admin(created_by):
            raise FormErrors({ids.REQUISITION: "Link only a requisition you are the hiring manager of, or none."})
    ob = Onboarding(
        new_hire_id=form.new_hire,
        manager_id=form.manager,
        buddy_id=form.buddy,
        specialization=form.specialization,
        start_date=form.start_date,
        requisition_id=form.requisition_id,
        candidate_id=candidate_id,
        created_by=created_by,
        channel_id=form.channel,
        created_at=now,
    )
    session.add(ob)
    session.flush()
    joining.mark_started(session, form.new_hire)  # an accepted offer's onboarding, if it waited for them
    calendar = schedule.work_calendar(settings)
    for position, item in enumerate(checklist(playbook, form.specialization)):
        session.add(
            OnboardingItem(
                onboarding_id=ob.id,
                key=item.key,
                text=item.text,
                owner_role=item.owner,
                due_date=calendar.add_business_days(form.start_date, item.due_business_day),
                position=position,
            )
        )
    session.flush()
    schedule.schedule_all(session, playbook, settings, ob, now)
    return ob


def get(session: Session, onboarding_id: int) -> Onboarding:
    ob = session.get(Onboarding, onboarding_id)
    if ob is None:
        raise NotFound("That onboarding no longer exists.")
    return ob


def items(session: Session, onboarding_id: int) -> list[OnboardingItem]:
    return list(
        session.scalars(
            select(OnboardingItem)
            .where(OnboardingItem.onboarding_id == onboarding_id)
            .order_by(OnboardingItem.position)
        )
    )


def record_thread(ob: Onboarding, ts: str) -> None:
    ob.thread_ts = ts


def tick(
    session: Session, item_id: int, *, user: str, admins: frozenset[str], now: datetime
) -> tuple[Onboarding, OnboardingItem]:
    """Mark an item done: its owner, the manager or an admin may; ticking twice changes nothing."""
    item = session.get(OnboardingItem, item_id)
    if item is None:
        raise NotFound("That checklist item no longer exists.")
    ob = get(session, item.onboarding_id)
    check_may_tick(ob, item, user, admins)
    session.execute(
        update(OnboardingItem)
        .where(OnboardingItem.id == item_id, OnboardingItem.done_at.is_(None))
        .values(done_at=now, done_by=user)
        .execution_options(synchronize_session=False)
    )
    session.refresh(item)
    return ob, item


@dataclass(frozen=True)
class Recorded:
    onboarding: Onboarding
    check_in: CheckIn
    signals: list[risk.Signal]
    actions: list[str] = field(default_factory=list)  # the retention actions, for a low retention check-in


def record_check_in(
    session: Session, playbook: Playbook, ref: ids.CheckInRef, answer: Answer, *, user: str, now: datetime
) -> Recorded:
    ob = get(session, ref.onboarding_id)
    check_respondent(ob, ref.role, user)
    if ref.day not in playbook.onboarding.all_days:
        raise NotFound(f"There is no day-{ref.day} check-in.")
    done = session.scalar(
        select(CheckIn).where(CheckIn.onboarding_id == ob.id, CheckIn.day == ref.day, CheckIn.role == ref.role)
    )
    if done is not None:
        raise Conflict(f"You already answered this check-in on {done.answered_at:%d %b}.")
    previous = session.scalar(
        select(CheckIn)
        .where(CheckIn.onboarding_id == ob.id, CheckIn.role == ref.role, CheckIn.day < ref.day)
        .order_by(CheckIn.day.desc())
        .limit(1)
    )
    row = CheckIn(
        onboarding_id=ob.id,
        day=ref.day,
        role=ref.role,
        scores=answer.scores,
        blockers=answer.blockers,
        notes=answer.notes,
        answers=answer.answers,
        shared_with_manager=answer.share,
        answered_at=now,
    )
    session.add(row)
    session.flush()
    found, actions = [], []
    if ref.role == "new_hire":
        found = risk.signals(
            playbook.onboarding.risk, answer.scores, previous.scores if previous else None, answer.blockers
        )
        if found and playbook.onboarding.is_retention(ref.day):
            actions = list(playbook.onboarding.retention.actions)
    return Recorded(ob, row, found, actions)


def visible(session: Session, user: str, admins: frozenset[str]) -> list[Onboarding]:
    stmt = select(Onboarding).order_by(Onboarding.start_date.desc()).limit(LIST_LIMIT)
    if user not in admins:
        stmt = stmt.where(
            or_(Onboarding.new_hire_id == user, Onboarding.manager_id == user, Onboarding.buddy_id == user)
        )
    return list(session.scalars(stmt))


def status_of(session: Session, new_hire: str, *, user: str, admins: frozenset[str]) -> Onboarding:
    ob = session.scalar(select(Onboarding).where(Onboarding.new_hire_id == new_hire))
    if ob is None or not may_view_onboarding(ob, user, admins):
        # the same answer either way, so the command does not reveal who is being onboarded
        raise NotAllowed("I can only show an onboarding to the new hire, their manager, their buddy and admins.")
    return ob


def progress(session: Session, onboarding_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{onboarding id: (done, total)} in one query."""
    out: dict[int, tuple[int, int]] = {i: (0, 0) for i in onboarding_ids}
    for oid, done_at in session.execute(
        select(OnboardingItem.onboarding_id, OnboardingItem.done_at).where(
            OnboardingItem.onboarding_id.in_(onboarding_ids)
        )
    ):
        done, total = out[oid]
        out[oid] = (done + (done_at is not None), total + 1)
    return out


def answered(session: Session, onboarding_id: int) -> set[tuple[int, str]]:
    return {
        (d, r)
        for d, r in session.execute(select(CheckIn.day, CheckIn.role).where(CheckIn.onboarding_id == onboarding_id))
    }

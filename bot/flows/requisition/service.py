"""Requisition state changes. Every function takes a session and `now`; none talks to Slack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotAllowed, NotFound
from bot.flows import audit
from bot.flows.access import check_may_decide
from bot.flows.interviews.service import create_plan
from bot.flows.requisition import ids, nudges
from bot.flows.requisition.estimate import CostEstimate, Timeline, estimate_cost, estimate_timeline
from bot.flows.requisition.forms import IntakeForm
from bot.flows.requisition.readiness import Readiness, assess_readiness
from bot.models import Requisition, RequisitionStatus
from bot.mrkdwn import slack_date
from bot.playbook import Playbook

LIST_LIMIT = 20


def worked_out(playbook: Playbook, form: IntakeForm, today: date) -> dict[str, object]:
    """What the bot works out from the answers, as the requisition's columns: readiness, the cost and
    timeline estimate (a snapshot: a later playbook change never rewrites what the approver saw), status."""
    readiness = assess_readiness(playbook, form.readiness)
    cost = estimate_cost(
        playbook, level=form.level, location=form.location, hiring_model=form.hiring_model, headcount=form.headcount
    )
    timeline = estimate_timeline(
        playbook,
        level=form.level,
        today=today,
        target_start=form.target_start,
        hiring_model=form.hiring_model,
        specialization=form.specialization,
    )
    status = RequisitionStatus.NEEDS_PREPARATION if readiness.should_pause else RequisitionStatus.PENDING_APPROVAL
    return {
        "readiness_answers": form.readiness,
        "readiness_yes": readiness.yes,
        "readiness_total": readiness.total,
        "estimate": {"cost": cost.as_dict(), "timeline": timeline.as_dict()},
        "status": status.value,
    }


def create_requisition(
    session: Session,
    playbook: Playbook,
    settings: Settings,
    intake: IntakeForm,
    *,
    hiring_manager: str,
    today: date,
    now: datetime,
) -> Requisition:
    """Store the requisition and schedule its approval reminders, in the caller's transaction."""
    req = Requisition(
        hiring_manager_id=hiring_manager,
        **intake.columns(),
        **worked_out(playbook, intake, today),
        channel_id=intake.channel,
        created_at=now,
        updated_at=now,
    )
    session.add(req)
    for _ in range(NUMBER_TRIES):  # numbered at the flush (bot.models.hiring)
        try:
            with session.begin_nested():
                session.flush()
            break
        except IntegrityError:  # another requisition of the workspace took that number meanwhile: the next one
            req.number = None
    else:
        raise Conflict("Several requisitions were being saved at once; submit the form again.")
    nudges.schedule(session, settings, req, today=today, now=now)
    return req


NUMBER_TRIES = 5


def by_number(session: Session, number: int) -> Requisition | None:
    """The workspace's requisition people call "#number"."""
    return session.scalar(select(Requisition).where(Requisition.number == number))


SEARCHED = (*RequisitionStatus.hiring(), RequisitionStatus.CLOSED, RequisitionStatus.FILLED)  # approved once


@dataclass(frozen=True)
class Assessment:
    """What the bot tells people about a requisition: recomputed from the stored answers."""

    requisition: Requisition
    cost: CostEstimate
    timeline: Timeline
    readiness: Readiness


def assess(playbook: Playbook, req: Requisition) -> Assessment:
    """Cost and timeline as worked out when it was submitted (a later playbook change never rewrites them),
    following the record since: the total for today's headcount, the start date's warning for today's target
    start; readiness from its stored answers."""
    answers = {k: (None if v is None else bool(v)) for k, v in req.readiness_answers.items()}
    timeline = Timeline.from_dict(req.estimate["timeline"])
    if req.decided_at is not None and req.status_enum in SEARCHED:
        timeline = timeline.from_day(req.decided_at.date(), "approval")  # the search started then
    return Assessment(
        requisition=req,
        cost=CostEstimate.from_dict(req.estimate["cost"]).for_headcount(req.headcount),
        timeline=timeline.for_start(req.target_start),
        readiness=assess_readiness(playbook, answers, asked_only=True),
    )


def get_requisition(session: Session, requisition_id: int) -> Requisition:
    """By its key (what buttons and forms carry)."""
    req = session.get(Requisition, requisition_id)
    if req is None:
        raise NotFound("That requisition does not exist (it may have been removed).")
    return req


def get_by_number(session: Session, number: int) -> Requisition:
    """By what people type ("#3" in `/ml-req show 3`): its number in the workspace."""
    req = by_number(session, number)
    if req is None:
        raise NotFound(f"There is no requisition #{number} here.")
    return req


def requisition_numbers(session: Session, requisition_ids) -> dict[int, int]:
    """{id: number} for requisitions named beside something else (a candidate list)."""
    wanted = set(requisition_ids)
    if not wanted:
        return {}
    return dict(session.execute(select(Requisition.id, Requisition.number).where(Requisition.id.in_(wanted))).all())


def record_post(req: Requisition, *, channel: str, ts: str) -> None:
    req.channel_id, req.post_ts = channel, ts


def record_job_description(req: Requisition, *, ts: str) -> None:
    req.jd_ts = ts


def record_approval_request(req: Requisition, *, channel: str, ts: str) -> None:
    req.approval_channel_id, req.approval_ts = channel, ts


def on_hiring_team(session: Session, req: Requisition, user: str, admins: frozenset[str]) -> bool:
    """The hiring manager, the approver, an admin, or someone interviewing one of its candidates."""
    if user in (req.hiring_manager_id, req.approver_id) or user in admins:
        return True
    from bot.models import Candidate, Interview

    return (
        session.scalar(
            select(Interview.id)
            .join(Candidate, Candidate.id == Interview.candidate_id)
            .where(Candidate.requisition_id == req.id, Interview.interviewer_id == user)
            .limit(1)
        )
        is not None
    )


def check_hiring_team(session: Session, req: Requisition, user: str, admins: frozenset[str]) -> None:
    if not on_hiring_team(session, req, user, admins):
        raise NotAllowed(f"Requisition #{req.number} is visible to its hiring team only.")


def check_open(req: Requisition) -> None:
    if req.status_enum not in RequisitionStatus.awaiting_decision():
        raise Conflict(
            f"Requisition #{req.number} was already decided ({req.status_enum.label}) by <@{req.decided_by}>"
            + (f", {slack_date(req.decided_at)}." if req.decided_at else ".")
        )


def check_revision(req: Requisition, revision: int | None) -> None:
    if revision is not None and revision != req.revision:
        raise Conflict(
            f"Requisition #{req.number} was revised after this message was sent (now revision {req.revision}): "
            "decide from the latest request."
        )


def decide(
    session: Session,
    requisition_id: int,
    *,
    actor: str,
    decision: RequisitionStatus,
    reason: str | None,
    admins: frozenset[str],
    now: datetime,
    playbook: Playbook,
    revision: int | None = None,
) -> Requisition:
    """Record a decision once: a conditional UPDATE, so two people deciding at once cannot both win.

    `revision`: the one the decider was shown (a button carries it); a requisition revised since is
    not decided on the old text. An approval also lays out the interview plan from `playbook`.
    """
    if decision not in (RequisitionStatus.APPROVED, RequisitionStatus.CHANGES_REQUESTED, RequisitionStatus.REJECTED):
        raise ValueError(f"not a decision: {decision}")
    reason = (reason or "").strip() or None
    if decision is not RequisitionStatus.APPROVED:
        if not reason:
            # ReasonForm asks for it; a caller past the form is held to the same rule
            raise FormErrors({ids.REASON: "Say why, so the hiring manager knows what to change."})
    req = get_requisition(session, requisition_id)
    check_may_decide(req, actor, admins)
    check_open(req)
    check_revision(req, revision)
    result = session.execute(
        update(Requisition)
        .where(
            Requisition.id == requisition_id,
            Requisition.status.in_([s.value for s in RequisitionStatus.awaiting_decision()]),
            Requisition.revision == (req.revision if revision is None else revision),
        )
        .values(status=decision.value, decided_by=actor, decided_at=now, decision_reason=reason, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(req)
    if result.rowcount != 1:
        check_open(req)  # someone else won the race: say who
        check_revision(req, revision)
    nudges.cancel(session, req, now)
    audit.record(
        session,
        actor=actor,
        action="requisition_decided",
        subject_type="requisition",
        subject_id=req.id,
        now=now,
        detail=decision.value,
    )
    if decision is RequisitionStatus.APPROVED:
        create_plan(session, playbook, req)
    return req


@dataclass(frozen=True)
class RequisitionList:
    rows: list[Requisition]
    total: int


def list_for_user(session: Session, user: str, *, everyone: bool = False, limit: int = LIST_LIMIT) -> RequisitionList:
    """The user's requisitions (as hiring manager or approver), newest first; all of them with `everyone`."""
    mine = or_(Requisition.hiring_manager_id == user, Requisition.approver_id == user)
    where = [] if everyone else [mine]
    rows = list(session.scalars(select(Requisition).where(*where).order_by(Requisition.id.desc()).limit(limit)))
    total = session.scalar(select(func.count()).select_from(Requisition).where(*where)) or 0
    return RequisitionList(rows=rows, total=total)

"""A requisition after intake: revised while it awaits a decision, held, resumed, closed, filled.

Every change is a conditional UPDATE on the state it was checked against, so two people acting at
once cannot both win; the loser is told what happened instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors
from bot.flows import audit
from bot.flows.access import check_may_manage
from bot.flows.interviews import team
from bot.flows.requisition import ids, nudges
from bot.flows.requisition.forms import ANSWER_FIELDS, COLUMN, IntakeForm
from bot.flows.requisition.service import get_requisition, worked_out
from bot.models import Candidate, Requisition, RequisitionRevision, RequisitionStatus
from bot.playbook import Playbook


def current_form(req: Requisition) -> IntakeForm:
    """The requisition's answers as the intake form they came from (to pre-fill a revision)."""
    return IntakeForm.model_construct(
        **{name: getattr(req, COLUMN.get(name, name)) for name in ANSWER_FIELDS},
        channel=req.channel_id,
        readiness=dict(req.readiness_answers),
    )


def _shown(playbook: Playbook, field: str, value) -> str:
    if value is None or value == "":
        return "(none)"
    options = {
        "specialization": {k: s.label for k, s in playbook.specializations.items()},
        "level": {k: v.label for k, v in playbook.levels.items()},
        "location": {k: v.label for k, v in playbook.locations.items()},
        "hiring_model": playbook.hiring_models.model_dump(),
        "stage": playbook.scope.stage,
        "work": playbook.scope.work,
        "mlops": playbook.scope.mlops,
    }.get(field, {})
    if field == "approver":
        return f"<@{value}>"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
    return str(options.get(value, value))


def differences(playbook: Playbook, old: IntakeForm, new: IntakeForm) -> list[dict]:
    """[{field, old, new}] for every answer that changed, readiness questions included (as text)."""
    out = [
        {"field": label, "old": _shown(playbook, name, getattr(old, name)), "new": _shown(playbook, name, value)}
        for name, label in ANSWER_FIELDS.items()
        if (value := getattr(new, name)) != getattr(old, name)
    ]
    shown = {True: "yes", False: "no", None: "not sure"}
    for question in playbook.readiness.questions:
        before = shown.get(old.readiness.get(question.key, "-"), "not asked")
        after = shown.get(new.readiness.get(question.key, "-"), "not asked")
        if before != after:  # the question as asked, so "no → yes" answers it (a gap's words would negate it)
            out.append({"field": question.question, "old": before, "new": after})
    return out


HISTORY_LIMIT = 10


def history(session: Session, requisition_id: int, limit: int = HISTORY_LIMIT) -> list[RequisitionRevision]:
    """The newest revisions first."""
    return list(
        session.scalars(
            select(RequisitionRevision)
            .where(RequisitionRevision.requisition_id == requisition_id)
            .order_by(RequisitionRevision.number.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class Revised:
    requisition: Requisition
    number: int
    changes: list[dict]
    old_approval: tuple[str | None, str | None]  # the replaced request (channel, ts): its buttons go


def check_revisable(req: Requisition) -> None:
    if req.status_enum not in RequisitionStatus.revisable():
        raise Conflict(
            f"Requisition #{req.number} is {req.status_enum.label}: only a requisition awaiting a decision or "
            "with changes requested can be revised."
        )


def revise(
    session: Session,
    playbook: Playbook,
    settings: Settings,
    ref: ids.RequisitionRef,
    form: IntakeForm,
    *,
    actor: str,
    today: date,
    now: datetime,
) -> Revised:
    """Store the revised answers, recompute what the bot worked out, and ask the approver again."""
    req = get_requisition(session, ref.requisition_id)
    check_may_manage(req, actor, settings.bot_admins, "revise")
    check_revisable(req)
    changes = differences(playbook, current_form(req), form)
    if not changes:
        raise FormErrors({ids.SPECIALIZATION: "Nothing changed: edit an answer, or close this form."})
    old_approval, number = (req.approval_channel_id, req.approval_ts), req.revision + 1
    result = session.execute(
        update(Requisition)
        .where(
            Requisition.id == req.id,
            Requisition.revision == req.revision,
            Requisition.status.in_([s.value for s in RequisitionStatus.revisable()]),
        )
        .values(
            **form.columns(),
            **worked_out(playbook, form, today),
            revision=number,
            decided_by=None,
            decided_at=None,
            decision_reason=None,
            approval_channel_id=None,
            approval_ts=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(req)
    if result.rowcount != 1:
        check_revisable(req)
        raise Conflict(f"Requisition #{req.number} was revised by someone else just now; open it again.")
    session.add(
        RequisitionRevision(requisition_id=req.id, number=number, revised_by=actor, revised_at=now, changes=changes)
    )
    candidates = list(session.scalars(select(Candidate.id).where(Candidate.requisition_id == req.id)))
    team.refresh(session, candidates)  # the approver is on each candidate's team (none before approval)
    nudges.cancel(session, req, now)
    nudges.schedule(session, settings, req, today=today, now=now)
    audit.record(
        session,
        actor=actor,
        action="requisition_revised",
        subject_type="requisition",
        subject_id=req.id,
        now=now,
        detail=", ".join(c["field"] for c in changes)[:200],
    )
    return Revised(req, number, changes, old_approval)

"""`/ml-report onboarding`: each onboarding in its first months, with checklist progress, overdue items by
owner, whether the latest check-in due was answered, and a risk marker.

"In progress" means started no more than the last first-months check-in day ago (90 by default), or
starting later. Admins see every onboarding; a manager sees those they manage; anyone else is refused. The
risk marker carries only the kinds of signal (low score, drop, blockers) from the new hire's latest answers;
the answers themselves stay with the manager, as the check-in flow already promises. Three statements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.errors import NotAllowed
from bot.flows.onboarding import risk
from bot.models import CheckIn, Onboarding, OnboardingItem
from bot.playbook import Playbook

REFUSED = "The onboarding report is for admins and for managers of new hires."
ROLES = ("new_hire", "manager", "buddy")


@dataclass(frozen=True)
class OnboardingLine:
    id: int
    new_hire_id: str
    manager_id: str
    start_date: date
    done: int
    total: int
    overdue: dict[str, int] = field(default_factory=dict)  # {owner role: overdue items}
    latest_day: int | None = None  # the latest check-in day that has come
    latest_answered: bool | None = None
    risk: tuple[str, ...] = ()  # the kinds of signal: low_score, drop, blockers


def _in_view(stmt, playbook: Playbook, user: str, admins: frozenset[str], today: date):
    """Onboardings in their first months: every one for an admin, a manager's own for anyone else."""
    horizon = max(playbook.onboarding.checkins.days)
    stmt = stmt.where(Onboarding.start_date >= today - timedelta(days=horizon))
    return stmt if user in admins else stmt.where(Onboarding.manager_id == user)


def is_overdue(today: date):
    """The one definition of an overdue checklist item, here, in App Home and in the weekly reminder: not
    done, and its due date has passed."""
    return OnboardingItem.done_at.is_(None) & (OnboardingItem.due_date < today)


def overdue_items(session: Session, playbook: Playbook, user: str, admins: frozenset[str], today: date) -> int:
    """Overdue checklist items of the onboardings the person sees in the report (one statement)."""
    stmt = select(func.count()).select_from(OnboardingItem).join(Onboarding).where(is_overdue(today))
    return session.scalar(_in_view(stmt, playbook, user, admins, today)) or 0


def onboarding_report(
    session: Session, playbook: Playbook, user: str, admins: frozenset[str], today: date
) -> list[OnboardingLine]:
    stmt = _in_view(select(Onboarding), playbook, user, admins, today)
    if user not in admins:
        if session.scalar(select(Onboarding.id).where(Onboarding.manager_id == user).limit(1)) is None:
            raise NotAllowed(REFUSED)
    obs = list(session.scalars(stmt.order_by(Onboarding.start_date, Onboarding.id)))
    if not obs:
        return []
    ids_ = [o.id for o in obs]
    items: dict[int, list[int]] = {i: [0, 0] for i in ids_}
    overdue: dict[int, dict[str, int]] = defaultdict(dict)
    late = case((is_overdue(today), 1), else_=0)
    for oid, role, done, total, behind in session.execute(
        select(
            OnboardingItem.onboarding_id,
            OnboardingItem.owner_role,
            func.count(OnboardingItem.done_at),
            func.count(),
            func.sum(late),
        )
        .where(OnboardingItem.onboarding_id.in_(ids_))
        .group_by(OnboardingItem.onboarding_id, OnboardingItem.owner_role)
    ):
        items[oid][0] += done
        items[oid][1] += total
        if behind:
            overdue[oid][role] = int(behind)
    answers: dict[int, dict[int, CheckIn]] = defaultdict(dict)
    for c in session.scalars(
        select(CheckIn).where(CheckIn.onboarding_id.in_(ids_), CheckIn.role == "new_hire").order_by(CheckIn.day)
    ):
        answers[c.onboarding_id][c.day] = c
    days = sorted(playbook.onboarding.checkins.days)
    lines = []
    for o in obs:
        came = [d for d in days if o.start_date + timedelta(days=d) <= today]
        latest = came[-1] if came else None
        lines.append(
            OnboardingLine(
                id=o.id,
                new_hire_id=o.new_hire_id,
                manager_id=o.manager_id,
                start_date=o.start_date,
                done=items[o.id][0],
                total=items[o.id][1],
                overdue=dict(overdue.get(o.id, {})),
                latest_day=latest,
                latest_answered=(latest in answers[o.id]) if latest is not None else None,
                risk=_risk(playbook, answers[o.id]),
            )
        )
    return lines


def _risk(playbook: Playbook, answered: dict[int, CheckIn]) -> tuple[str, ...]:
    """The kinds of signal in the new hire's latest answers (against the answers before them)."""
    if not answered:
        return ()
    ordered = [answered[d] for d in sorted(answered)]
    latest, previous = ordered[-1], (ordered[-2] if len(ordered) > 1 else None)
    found = risk.signals(
        playbook.onboarding.risk, latest.scores or {}, previous.scores if previous else None, latest.blockers
    )
    return tuple(sorted({s.kind for s in found}))

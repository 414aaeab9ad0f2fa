"""Everything timed in an onboarding, as nudge rows, and the nudge kinds that load what they say.

At 10:00 in each person's own zone:
- start day: the new hire's welcome with their checklist items; the manager's and buddy's items;
- days 30, 60 and 90 (calendar days; a weekend or holiday moves to the next business day): the
  new hire's check-in, and the manager's own check-in on the same local date;
- 2 business days after an unanswered check-in: one reminder to the new hire; 4 business days
  after it: the manager is told it is outstanding;
- every 7 days for 13 weeks: each owner's overdue checklist items, when there are any.
Each kind re-checks at send time (answered check-ins and finished items send nothing).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import CheckIn, Nudge, Onboarding, OnboardingItem
from bot.nudges import rows as nudges
from bot.nudges.kinds import About, NudgeKind, about
from bot.nudges.timing import business_days_after, calendar_day
from bot.playbook import ROLES, Playbook

SUBJECT = "onboarding"
START, CHECKIN, CHECKIN_REMINDER, CHECKIN_LATE, OVERDUE = (
    "ob_start",
    "ob_checkin",
    "ob_checkin_reminder",
    "ob_checkin_late",
    "ob_overdue",
)
AT = time(10, 0)
REMIND_AFTER, LATE_AFTER, OVERDUE_WEEKS = 2, 4, 13

work_calendar = nudges.work_calendar


def schedule_all(session: Session, playbook: Playbook, settings: Settings, ob: Onboarding, now: datetime) -> None:
    people = nudges.recipients(session, {ob.new_hire_id, ob.manager_id, ob.buddy_id}, settings, now)
    cal = work_calendar(settings)
    hire, manager = people[ob.new_hire_id], people[ob.manager_id]

    def add(kind: str, who: nudges.Recipient, key: str, due, **detail) -> None:
        nudges.schedule(
            session,
            kind=kind,
            recipient=who,
            subject_type=SUBJECT,
            subject_id=ob.id,
            key=key,
            due=due,
            now=now,
            detail=detail,
        )

    for role in ROLES:
        who = people[ob.person(role)]
        add(START, who, f"start:{role}", calendar_day(cal, ob.start_date, 0, AT, who.zone, who.quiet), role=role)
    for day in playbook.onboarding.all_days:
        due = calendar_day(cal, ob.start_date, day, AT, hire.zone, hire.quiet)
        add(CHECKIN, hire, f"day{day}:new_hire", due, day=day, role="new_hire")
        add(
            CHECKIN,
            manager,
            f"day{day}:manager",
            calendar_day(cal, due.local_date, 0, AT, manager.zone, manager.quiet),
            day=day,
            role="manager",
        )
        add(
            CHECKIN_REMINDER,
            hire,
            f"day{day}",
            business_days_after(cal, due.local_date, REMIND_AFTER, AT, hire.zone, hire.quiet),
            day=day,
            role="new_hire",
        )
        add(
            CHECKIN_LATE,
            manager,
            f"day{day}",
            business_days_after(cal, due.local_date, LATE_AFTER, AT, manager.zone, manager.quiet),
            day=day,
            role="new_hire",
        )
    for week in range(1, OVERDUE_WEEKS + 1):
        for role in ROLES:
            who = people[ob.person(role)]
            due = calendar_day(cal, ob.start_date, 7 * week, AT, who.zone, who.quiet)
            if due.at >= now:  # a start in the past does not get a pile of weekly reminders at once
                add(OVERDUE, who, f"week{week}:{role}", due, role=role)


# --- the kinds: a fixed number of queries per batch ------------------------------------------
class _OnboardingFacts:
    def __init__(self, session: Session, batch: list[Nudge]):
        ids_ = {n.subject_id for n in batch}
        self.onboardings = {o.id: o for o in session.scalars(select(Onboarding).where(Onboarding.id.in_(ids_)))}
        self.answered = {
            (c.onboarding_id, c.day, c.role)
            for c in session.scalars(select(CheckIn).where(CheckIn.onboarding_id.in_(ids_)))
        }
        self.items: dict[int, list[OnboardingItem]] = {}
        for item in session.scalars(
            select(OnboardingItem).where(OnboardingItem.onboarding_id.in_(ids_)).order_by(OnboardingItem.position)
        ):
            self.items.setdefault(item.onboarding_id, []).append(item)

    def unanswered(self, n: Nudge) -> bool:
        return (n.subject_id, n.detail["day"], n.detail["role"]) not in self.answered

    def overdue(self, n: Nudge) -> list[OnboardingItem]:
        return [
            i
            for i in self.items.get(n.subject_id, [])
            if i.owner_role == n.detail["role"] and i.done_at is None and i.due_date < n.local_date
        ]


def _superseded(session: Session, playbook: Playbook, batch: list[Nudge], now: datetime) -> dict[int, str]:
    """A check-in's prompts and reminders once a later check-in has opened (no day-60 nag with day 90)."""
    ctx = _OnboardingFacts(session, batch)
    out = {}
    for n in batch:
        ob, day = ctx.onboardings.get(n.subject_id), (n.detail or {}).get("day")
        if ob is None or day is None:
            continue
        later = [d for d in playbook.onboarding.all_days if d > day and ob.start_date + timedelta(days=d) <= now.date()]
        if later:
            out[n.id] = f"the day-{max(later)} check-in has opened"
    return out


def _kind(name: str, label: str, wanted, build, max_late: timedelta, checkins: bool = False) -> NudgeKind:
    def wanted_ids(session: Session, batch: list[Nudge]) -> set[int]:
        ctx = _OnboardingFacts(session, batch)
        return {n.id for n in batch if n.subject_id in ctx.onboardings and wanted(ctx, n)}

    def load(session: Session, playbook: Playbook, batch: list[Nudge]) -> dict[int, About]:
        ctx = _OnboardingFacts(session, batch)
        return {
            n.id: build(playbook, ctx, ctx.onboardings[n.subject_id], n)
            for n in batch
            if n.subject_id in ctx.onboardings and wanted(ctx, n)
        }

    return NudgeKind(name, label, wanted_ids, load, max_late=max_late, superseded=_superseded if checkins else None)


def _start(playbook, ctx, ob, n):
    mine = [i for i in ctx.items.get(ob.id, []) if i.owner_role == n.detail["role"]]
    return about(START, ob, n.detail["role"], mine)


def _checkin(playbook, ctx, ob, n):
    return about(CHECKIN, playbook, ob, n.detail["day"], n.detail["role"])


def _checkin_reminder(playbook, ctx, ob, n):
    return about(CHECKIN_REMINDER, playbook, ob, n.detail["day"], n.detail["role"])


def _checkin_late(playbook, ctx, ob, n):
    return about(CHECKIN_LATE, ob, n.detail["day"])


def _overdue(playbook, ctx, ob, n):
    return about(OVERDUE, ob, ctx.overdue(n))


def checklist_message(
    session: Session, ob: Onboarding, user: str, message_ts: str | None
) -> tuple[Nudge, About] | None:
    """The bot's own checklist DM to `user` with this timestamp, rebuilt from the database.

    A tick updates only a message the bot recorded sending (never the channel or blocks a
    payload names), so nobody can make the bot rewrite another message.
    """
    if not isinstance(message_ts, str):
        return None
    nudge = session.scalar(
        select(Nudge).where(
            Nudge.subject_type == SUBJECT,
            Nudge.subject_id == ob.id,
            Nudge.kind.in_((START, OVERDUE)),
            Nudge.recipient_id == user,
            Nudge.message_ts == message_ts,
            Nudge.channel_id.is_not(None),
        )
    )
    if nudge is None:
        return None
    role = nudge.detail["role"]
    items = [i for i in _OnboardingFacts(session, [nudge]).items.get(ob.id, []) if i.owner_role == role]
    if nudge.kind == START:
        return nudge, about(START, ob, role, items)
    shown = [
        i
        for i in items
        if i.due_date < nudge.local_date and (i.done_at is None or nudge.sent_at is None or i.done_at >= nudge.sent_at)
    ]
    return nudge, about(OVERDUE, ob, shown)


WEEK = timedelta(days=7)
KINDS = (
    _kind(START, "first-day checklists for this onboarding", lambda ctx, n: True, _start, WEEK),
    _kind(
        CHECKIN, "check-ins for this onboarding", lambda ctx, n: ctx.unanswered(n), _checkin, 3 * WEEK, checkins=True
    ),
    _kind(
        CHECKIN_REMINDER,
        "check-in reminders for this onboarding",
        lambda ctx, n: ctx.unanswered(n),
        _checkin_reminder,
        WEEK,
        checkins=True,
    ),
    _kind(
        CHECKIN_LATE,
        "outstanding check-in alerts for this onboarding",
        lambda ctx, n: ctx.unanswered(n),
        _checkin_late,
        WEEK,
        checkins=True,
    ),
    # the weekly overdue-items reminder: a missed week is replaced by the next one
    _kind(
        OVERDUE,
        "overdue checklist reminders for this onboarding",
        lambda ctx, n: bool(ctx.overdue(n)),
        _overdue,
        timedelta(days=6),
    ),
)

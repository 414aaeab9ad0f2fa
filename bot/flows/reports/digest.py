"""The weekly digest, through the reminder engine: one message in the hiring channel each week and, with
it, each hiring manager's overdue scorecards by name in their DM (the channel only gets counts).

Every sweep runs `ensure` as one of its chores (cheap: one insert that usually does nothing). It keeps
one row per week, its dedupe key naming the week, due on the digest's day at its time in
DEFAULT_TIMEZONE, moved to the next business day when that day is a holiday or a weekend; settings
saved in Slack (channel, day, time, holidays) re-aim the week's row while it is still pending. So
however many clock processes run, the digest goes out exactly once a week; a week with nothing to say
sends nothing (its row is dropped). When the clock was down past the digest by more than a day, that
week's digest is dropped as stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.flows.reports import overdue, pipeline
from bot.flows.reports.figures import LATE
from bot.models import Nudge, NudgeStatus, Offer, Onboarding, Requisition
from bot.models.states import OfferStatus
from bot.nudges import rows as nudges
from bot.nudges.kinds import About, NudgeKind, about
from bot.nudges.timing import Due, calendar_day
from bot.playbook import Playbook
from bot.tenancy import key_of

DIGEST, OVERDUE = "weekly_digest", "weekly_digest_overdue"
SUBJECT = "week"  # subject_id: the ordinal of the week's Monday
GRACE = timedelta(hours=12)  # after the digest's time, the week still counts as this one
PRIVATE_AHEAD = timedelta(hours=1)  # hiring managers' rows are added this close to the digest
APPROVAL_WAIT = 2  # business days an approval may wait before the digest counts it


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def due_for(settings: Settings, monday: date) -> Due:
    zone = ZoneInfo(settings.default_timezone)
    cal = nudges.work_calendar(settings)
    return calendar_day(cal, monday, settings.digest_weekday, settings.digest_time, zone)


def approval_cutoff(settings: Settings, due: Due) -> datetime:
    """Approvals asked for before this have waited more than APPROVAL_WAIT business days at the digest."""
    day = nudges.work_calendar(settings).business_days_before(due.local_date, APPROVAL_WAIT)
    return datetime.combine(day, due.local_time, tzinfo=ZoneInfo(due.tz))


def ensure(s: Session, settings: Settings, now: datetime) -> int:
    """Make sure this week's (or, once it has passed, next week's) digest row exists and is aimed at the
    settings in force; add the hiring managers' rows as the digest nears. Returns rows added or re-aimed."""
    if not settings.hiring_channel:
        return 0
    monday = _monday(now.astimezone(ZoneInfo(settings.default_timezone)).date())
    due = due_for(settings, monday)
    if now > due.at + GRACE:
        monday += timedelta(days=7)
        due = due_for(settings, monday)
    detail = {
        "week": monday.isoformat(),
        "approval_cutoff": approval_cutoff(settings, due).isoformat(),
        "channel": settings.hiring_channel,
    }
    changed = _put(s, DIGEST, settings.hiring_channel, monday, due, detail, now)
    if due.at - PRIVATE_AHEAD <= now <= due.at + GRACE:
        for hm in overdue.hiring_managers_with_overdue(s, now):
            changed += _put(s, OVERDUE, hm, monday, due, detail, now)
    return changed


def _put(s: Session, kind: str, recipient: str, monday: date, due: Due, detail: dict, now: datetime) -> int:
    """Add the week's row, or re-aim it while pending; one read when it is already as it should be."""
    key = nudges.dedupe_key(kind, SUBJECT, monday.toordinal(), recipient if kind == OVERDUE else "")
    values = dict(
        recipient_id=recipient,
        detail=detail,
        due_at=due.at,
        local_date=due.local_date,
        local_time=due.local_time,
        local_tz=due.tz,
        zone_confirmed=True,
        updated_at=now,
    )
    found = s.execute(
        select(Nudge.status, Nudge.recipient_id, Nudge.local_date, Nudge.local_time).where(Nudge.dedupe_key == key)
    ).first()
    if found is None:  # two clocks at once: the unique dedupe key lets one insert win, the other do nothing
        insert = nudges._insert_for(s)
        return s.execute(
            insert(Nudge)
            .values(
                kind=kind,
                subject_type=SUBJECT,
                subject_id=monday.toordinal(),
                dedupe_key=key,
                workspace=key_of(s),
                status=NudgeStatus.PENDING.value,
                attempts=0,
                created_at=now,
                **values,
            )
            .on_conflict_do_nothing(index_elements=[Nudge.workspace, Nudge.dedupe_key])
        ).rowcount
    if found.status != NudgeStatus.PENDING.value or tuple(found[1:]) == (recipient, due.local_date, due.local_time):
        return 0  # sent, or being sent, or already aimed right
    # aimed at older settings (a save in Slack): re-aim it, if no sweep has claimed it meanwhile
    return s.execute(
        update(Nudge)
        .where(Nudge.dedupe_key == key, Nudge.status == NudgeStatus.PENDING.value)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount


@dataclass(frozen=True)
class Digest:
    week: date
    new_requisitions: int
    approvals_waiting: int
    unscheduled: int
    overdue_scorecards: int
    awaiting_debrief: int
    offers_out: int
    starting: int  # new hires starting this week
    late: list[pipeline.Line] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.new_requisitions,
                self.approvals_waiting,
                self.unscheduled,
                self.overdue_scorecards,
                self.awaiting_debrief,
                self.offers_out,
                self.starting,
                self.late,
            )
        )


def digest(session: Session, playbook: Playbook, now: datetime, week: date, cutoff: datetime) -> Digest:
    everything = pipeline.ReportScope("", True)
    report = pipeline.pipeline(session, playbook, everything, now)
    counts = overdue.counts(session, everything, now, cutoff)
    new = session.scalar(select(func.count()).where(Requisition.created_at >= now - timedelta(days=7)))
    week_end = week + timedelta(days=7)
    starting = session.scalar(
        select(func.count()).where(Onboarding.start_date >= week, Onboarding.start_date < week_end)
    )
    accepted = session.scalar(
        select(func.count()).where(
            Offer.status == OfferStatus.ACCEPTED.value, Offer.start_date >= week, Offer.start_date < week_end
        )
    )
    return Digest(
        week=week,
        new_requisitions=new or 0,
        approvals_waiting=counts.approvals,
        unscheduled=counts.unscheduled,
        overdue_scorecards=counts.scorecards,
        awaiting_debrief=report.totals.counts["awaiting_debrief"],
        offers_out=report.totals.counts["offer_out"],
        starting=max(starting or 0, accepted or 0),
        late=report.by_status(LATE),
    )


def _claimed(n: Nudge) -> datetime:
    return n.claimed_at or n.due_at


def _load_digest(session: Session, playbook: Playbook, batch: list[Nudge]) -> dict[int, About]:
    out = {}
    for n in batch:  # one a week: no batching needed
        detail = n.detail or {}
        found = digest(
            session,
            playbook,
            _claimed(n),
            date.fromisoformat(detail["week"]),
            datetime.fromisoformat(detail["approval_cutoff"]),
        )
        if not found.empty:
            out[n.id] = about(DIGEST, found)
    return out


def _load_overdue(session: Session, playbook: Playbook, batch: list[Nudge]) -> dict[int, About]:
    """Each hiring manager's overdue scorecards, read in one statement for the whole batch."""
    if not batch:
        return {}
    now = max(_claimed(n) for n in batch)
    found: dict[str, list[overdue.OverdueScorecard]] = {}
    managers = {n.recipient_id for n in batch}
    every = pipeline.ReportScope("", True)
    for row in overdue.overdue_scorecards(session, every, now, hiring_managers=managers, limit=40 * len(managers)):
        found.setdefault(row.hiring_manager_id, []).append(row)
    return {n.id: about(OVERDUE, playbook, found[n.recipient_id]) for n in batch if found.get(n.recipient_id)}


def _all(session: Session, batch: list[Nudge]) -> set[int]:
    return {n.id for n in batch}


KINDS = (
    NudgeKind(
        DIGEST, "the weekly digest", _all, _load_digest, stoppable=False, snoozable=False, max_late=timedelta(days=1)
    ),
    NudgeKind(
        OVERDUE,
        "the weekly list of overdue scorecards",
        _all,
        _load_overdue,
        stoppable=False,
        snoozable=False,
        max_late=timedelta(days=1),
    ),
)

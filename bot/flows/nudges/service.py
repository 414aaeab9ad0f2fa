"""Scheduling, cancelling, snoozing and stopping nudges; the zone cache; the admin report.

Every function takes a session and `now`. Scheduling runs inside the caller's transaction, so
a nudge exists exactly when the change that caused it is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotFound
from bot.flows.access import check_admin, check_recipient
from bot.flows.nudges import ids
from bot.flows.nudges.timing import (
    Due,
    QuietHours,
    WorkCalendar,
    at_or_after,
    business_days_after,
    calendar_day,
    open_intervals,
)
from bot.models import Nudge, NudgeOptOut, NudgeStatus, UserProfile
from bot.models.reminders import IS_FAILED
from bot.tenancy import key_of

ZONE_TTL = timedelta(days=7)


def work_calendar(settings: Settings) -> WorkCalendar:
    return WorkCalendar(settings.work_start, settings.work_end, settings.holiday_country, settings.holiday_subdivision)


def zone(name: str | None, default: str) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo(default)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)


def is_channel(recipient: str) -> bool:
    """A reminder addressed to a channel (C…, G…) rather than a person's DM."""
    return recipient[:1] in ("C", "G")


@dataclass(frozen=True)
class Recipient:
    user_id: str
    zone: ZoneInfo
    confirmed: bool  # the zone came from a fresh users.info answer
    quiet: QuietHours | None


def recipients(session: Session, user_ids: set[str], settings: Settings, now: datetime) -> dict[str, Recipient]:
    """What the cache knows of each user (one query); DEFAULT_TIMEZONE where it knows nothing."""
    profiles = {p.user_id: p for p in session.scalars(select(UserProfile).where(UserProfile.user_id.in_(user_ids)))}
    out = {}
    for user in user_ids:
        p = profiles.get(user)
        # a channel (the weekly digest's) has no zone of its own: DEFAULT_TIMEZONE, nothing to ask Slack
        fresh = is_channel(user) or bool(p and p.tz_fetched_at and now - p.tz_fetched_at < ZONE_TTL)
        quiet = QuietHours(p.quiet_start, p.quiet_end) if p and p.quiet_start and p.quiet_end else None
        out[user] = Recipient(user, zone(p.tz if p else None, settings.default_timezone), fresh, quiet)
    return out


def recipient(session: Session, user_id: str, settings: Settings, now: datetime) -> Recipient:
    return recipients(session, {user_id}, settings, now)[user_id]


def _insert_for(session: Session):
    """INSERT with ON CONFLICT for the session's database (two sweeps may learn a zone at once)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _upsert_profile(session: Session, user_id: str, now: datetime, **values) -> None:
    stmt = _insert_for(session)(UserProfile).values(
        workspace=key_of(session), user_id=user_id, updated_at=now, **values
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[UserProfile.workspace, UserProfile.user_id], set_={"updated_at": now, **values}
        )
    )


def remember_zones(session: Session, zones: dict[str, str | None], now: datetime) -> None:
    """Cache what Slack said of each user's zone: one statement for the lot."""
    if not zones:
        return
    insert, workspace = _insert_for(session), key_of(session)
    stmt = insert(UserProfile).values(
        [
            {"workspace": workspace, "user_id": user, "tz": tz, "tz_fetched_at": now, "updated_at": now}
            for user, tz in sorted(zones.items())
        ]
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[UserProfile.workspace, UserProfile.user_id],
            set_={"tz": stmt.excluded.tz, "tz_fetched_at": stmt.excluded.tz_fetched_at, "updated_at": now},
        )
    )


def set_quiet_hours(
    session: Session, settings: Settings, user_id: str, start: time | None, end: time | None, now: datetime
) -> None:
    if (start is None) != (end is None):
        raise FormErrors({ids.QUIET_START if start is None else ids.QUIET_END: "Set both times, or clear both."})
    if start is not None and end is not None:
        if start == end:
            raise FormErrors({ids.QUIET_END: "The end must differ from the start."})
        if not open_intervals(work_calendar(settings), QuietHours(start, end)):
            raise FormErrors({ids.QUIET_END: "That leaves no working time for reminders; shorten it."})
    _upsert_profile(session, user_id, now, quiet_start=start, quiet_end=end)


def quiet_hours_of(session: Session, user_id: str) -> tuple[time | None, time | None]:
    profile = session.scalar(select(UserProfile).where(UserProfile.user_id == user_id))
    return (profile.quiet_start, profile.quiet_end) if profile else (None, None)


def dedupe_key(kind: str, subject_type: str, subject_id: int, key: str) -> str:
    return f"{kind}:{subject_type}:{subject_id}:{key}"


def schedule(
    session: Session,
    *,
    kind: str,
    recipient: Recipient,
    subject_type: str,
    subject_id: int,
    key: str,
    due: Due,
    now: datetime,
    detail: dict | None = None,
) -> Nudge:
    """Add a nudge unless one with the same kind, subject and key exists; return the one that does."""
    dkey = dedupe_key(kind, subject_type, subject_id, key)
    existing = session.scalar(select(Nudge).where(Nudge.dedupe_key == dkey))
    if existing is not None:
        return existing
    nudge = Nudge(
        kind=kind,
        recipient_id=recipient.user_id,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
        dedupe_key=dkey,
        due_at=due.at,
        local_date=due.local_date,
        local_time=due.local_time,
        local_tz=due.tz,
        anchor_at=due.anchor,
        zone_confirmed=recipient.confirmed,
        status=NudgeStatus.PENDING.value,
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(nudge)
    except IntegrityError:  # scheduled concurrently by another request: keep theirs
        return session.scalars(select(Nudge).where(Nudge.dedupe_key == dkey)).one()
    return nudge


def schedule_days_after(
    session: Session,
    settings: Settings,
    *,
    kind: str,
    user_id: str,
    subject_type: str,
    subject_id: int,
    key: str,
    start: date,
    days: int,
    at: time,
    now: datetime,
    business_days: bool = True,
) -> Nudge:
    """Schedule for `days` after `start` at local time `at` in the recipient's zone.

    Business days skip weekends and holidays; calendar days ("day 30") count every day and
    move a weekend or holiday to the next business day.
    """
    who = recipient(session, user_id, settings, now)
    rule = business_days_after if business_days else calendar_day
    due = rule(work_calendar(settings), start, days, at, who.zone, who.quiet)
    return schedule(
        session, kind=kind, recipient=who, subject_type=subject_type, subject_id=subject_id, key=key, due=due, now=now
    )


def cancel_for_subject(
    session: Session, subject_type: str, subject_id: int, now: datetime, kinds: tuple[str, ...] | None = None
) -> int:
    """Cancel every pending nudge about a subject (the thing it nags about is done)."""
    stmt = (
        update(Nudge)
        .where(
            Nudge.subject_type == subject_type,
            Nudge.subject_id == subject_id,
            Nudge.status == NudgeStatus.PENDING.value,
        )
        .values(status=NudgeStatus.CANCELLED.value, last_error="no longer needed", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if kinds:
        stmt = stmt.where(Nudge.kind.in_(kinds))
    return session.execute(stmt).rowcount


def opted_out(session: Session, nudges: list[Nudge]) -> set[int]:
    """Ids of the nudges whose recipient said "Stop these" for that kind and subject (one query)."""
    if not nudges:
        return set()
    keys = {(n.recipient_id, n.kind, n.subject_type, n.subject_id) for n in nudges}
    rows = session.execute(
        select(NudgeOptOut.user_id, NudgeOptOut.kind, NudgeOptOut.subject_type, NudgeOptOut.subject_id).where(
            tuple_(NudgeOptOut.user_id, NudgeOptOut.kind, NudgeOptOut.subject_type, NudgeOptOut.subject_id).in_(
                list(keys)
            )
        )
    ).all()
    stopped = {tuple(r) for r in rows}
    return {n.id for n in nudges if (n.recipient_id, n.kind, n.subject_type, n.subject_id) in stopped}


def _own_nudge(session: Session, nudge_id: int, user_id: str) -> Nudge:
    nudge = session.get(Nudge, nudge_id)
    if nudge is None:
        raise NotFound("That reminder no longer exists.")
    check_recipient(nudge, user_id)
    return nudge


def stop(session: Session, nudge_id: int, user_id: str, now: datetime) -> Nudge:
    """Opt the recipient out of this kind for this subject and cancel what is pending of it."""
    nudge = _own_nudge(session, nudge_id, user_id)
    exists = session.scalar(
        select(NudgeOptOut.id).where(
            NudgeOptOut.user_id == user_id,
            NudgeOptOut.kind == nudge.kind,
            NudgeOptOut.subject_type == nudge.subject_type,
            NudgeOptOut.subject_id == nudge.subject_id,
        )
    )
    if exists is None:
        try:
            with session.begin_nested():
                session.add(
                    NudgeOptOut(
                        user_id=user_id,
                        kind=nudge.kind,
                        subject_type=nudge.subject_type,
                        subject_id=nudge.subject_id,
                        created_at=now,
                    )
                )
        except IntegrityError:  # a double click: the first one already stopped them
            pass
    session.execute(
        update(Nudge)
        .where(
            Nudge.recipient_id == user_id,
            Nudge.kind == nudge.kind,
            Nudge.subject_type == nudge.subject_type,
            Nudge.subject_id == nudge.subject_id,
            Nudge.status == NudgeStatus.PENDING.value,
        )
        .values(status=NudgeStatus.CANCELLED.value, last_error="stopped by the recipient", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return nudge


def sent_nudge(session: Session, nudge_id: int) -> Nudge | None:
    """A nudge whose message the bot recorded sending (where that message is), or None."""
    nudge = session.get(Nudge, nudge_id)
    return nudge if nudge is not None and nudge.channel_id and nudge.message_ts else None


def snooze(session: Session, settings: Settings, nudge_id: int, user_id: str, now: datetime) -> Nudge:
    """A copy of the nudge at the next working moment a day from now; snoozing twice keeps one."""
    nudge = _own_nudge(session, nudge_id, user_id)
    if nudge.status != NudgeStatus.SENT.value:
        raise Conflict("That reminder has not gone out yet, so there is nothing to snooze.")
    who = recipient(session, user_id, settings, now)
    due = at_or_after(work_calendar(settings), now + timedelta(days=1), who.zone, who.quiet)
    key = f"snooze{nudge.id}"  # one snoozed copy per reminder, however often it is snoozed
    return schedule(
        session,
        kind=nudge.kind,
        recipient=who,
        subject_type=nudge.subject_type,
        subject_id=nudge.subject_id,
        key=key,
        due=due,
        now=now,
        detail=nudge.detail,
    )


def requeue_failed(session: Session, now: datetime, *, since: datetime | None = None) -> int:
    """Failed reminders back in the queue, due now, with a fresh count of attempts (admins' *Retry failed*)."""
    stmt = (
        update(Nudge)
        .where(IS_FAILED)
        .values(status=NudgeStatus.PENDING.value, due_at=now, attempts=0, last_error="requeued", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if since is not None:
        stmt = stmt.where(Nudge.updated_at >= since)
    return session.execute(stmt).rowcount


def requeue_failed_as(session: Session, user: str, admins: frozenset[str], now: datetime) -> int:
    check_admin(user, admins, "requeue")
    return requeue_failed(session, now)

"""The reminder rows: scheduling (once, by a dedupe key) and cancelling them, their recipients' zones and
quiet hours as cached, and who opted out.

Every function takes a session and `now`. Scheduling runs inside the caller's transaction, so a nudge exists
exactly when the change that caused it is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import Nudge, NudgeOptOut, NudgeStatus, UserProfile
from bot.nudges.timing import (
    Due,
    QuietHours,
    WorkCalendar,
    business_days_after,
    calendar_day,
)
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


def upsert_profile(session: Session, user_id: str, now: datetime, **values) -> None:
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

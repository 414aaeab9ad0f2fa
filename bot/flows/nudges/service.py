"""What a person does with a reminder: their quiet hours, snoozing or stopping one sent to them, and an
admin putting failed ones back in the queue. The rows' own rules are bot.nudges.rows."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotFound
from bot.flows.access import check_admin, check_recipient
from bot.flows.nudges import ids
from bot.models import Nudge, NudgeOptOut, NudgeStatus, UserProfile
from bot.models.reminders import IS_FAILED
from bot.nudges.rows import recipient, schedule, upsert_profile, work_calendar
from bot.nudges.timing import QuietHours, at_or_after, open_intervals


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
    upsert_profile(session, user_id, now, quiet_start=start, quiet_end=end)


def quiet_hours_of(session: Session, user_id: str) -> tuple[time | None, time | None]:
    profile = session.scalar(select(UserProfile).where(UserProfile.user_id == user_id))
    return (profile.quiet_start, profile.quiet_end) if profile else (None, None)


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

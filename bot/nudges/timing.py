"""Due-time arithmetic, all in the recipient's local calendar (pure functions).

Rules: weekends and the organisation's public holidays (HOLIDAY_COUNTRY, via the `holidays`
package) are not business days; nothing lands outside working hours (default 09:00-18:00
local) or inside a person's quiet hours. Decision: nudges stop an hour before the working day
ends (17:00 with the defaults), so a reminder never lands when nobody can act on it before
going home; Friday 17:30 therefore moves to Monday 09:00. Working days shorter than three
hours keep their full span. Days are counted in the local calendar and only then
combined with a local time and converted to UTC, so a DST change never shifts a reminder by an
hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

MAX_SEARCH_DAYS = 400


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())


LAST_CALL = timedelta(hours=1)


@dataclass(frozen=True)
class WorkCalendar:
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    holiday_country: str | None = None
    holiday_subdivision: str | None = None

    @property
    def send_until(self) -> time:
        """The end of the span nudges may land in: an hour before the working day ends."""
        start = datetime.combine(date.min, self.work_start)
        end = datetime.combine(date.min, self.work_end)
        return (end - LAST_CALL).time() if end - start >= 3 * LAST_CALL else self.work_end

    def is_business_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        return not (self.holiday_country and day in _holidays(self.holiday_country, self.holiday_subdivision, day.year))

    def business_day_on_or_after(self, day: date) -> date:
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_business_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no business day within a year")

    def business_days_before(self, day: date, n: int) -> date:
        """The n-th business day before `day` (n >= 1)."""
        for _ in range(n):
            day -= timedelta(days=1)
            for _ in range(MAX_SEARCH_DAYS):
                if self.is_business_day(day):
                    break
                day -= timedelta(days=1)
        return day

    def add_business_days(self, day: date, n: int) -> date:
        """The n-th business day after `day` (n >= 1); n == 0 is `day` itself or the next business day."""
        if n <= 0:
            return self.business_day_on_or_after(day)
        while n:
            day += timedelta(days=1)
            if self.is_business_day(day):
                n -= 1
        return day


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time  # may be earlier than start: quiet across midnight

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("quiet hours need a start and a different end")


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of local `day` at `at` in `tz` (a time skipped by DST moves forward)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(timezone.utc)


def open_intervals(cal: WorkCalendar, quiet: QuietHours | None) -> list[tuple[time, time]]:
    """The parts of a working day outside a person's quiet hours, in order."""
    spans = [(cal.work_start, cal.send_until)]
    if quiet is None:
        return spans
    if quiet.start < quiet.end:
        blocked = [(quiet.start, quiet.end)]
    else:
        blocked = [(time(0), quiet.end), (quiet.start, time.max)]
    for b_start, b_end in blocked:
        kept = []
        for s, e in spans:
            if b_end <= s or b_start >= e:
                kept.append((s, e))
                continue
            if s < b_start:
                kept.append((s, b_start))
            if b_end < e:
                kept.append((b_end, e))
        spans = kept
    return spans


def next_working_moment(cal: WorkCalendar, after: datetime, tz: ZoneInfo, quiet: QuietHours | None = None) -> datetime:
    """The earliest instant at or after `after` on a business day, within working hours, outside quiet hours."""
    if after.tzinfo is None:
        raise ValueError("`after` must be timezone-aware")
    intervals = open_intervals(cal, quiet)
    if not intervals:
        raise ValueError("quiet hours cover the whole working day")
    day = after.astimezone(tz).date()
    for _ in range(MAX_SEARCH_DAYS):
        if cal.is_business_day(day):
            for start, end in intervals:
                if after < local_instant(day, end, tz):
                    return max(after.astimezone(timezone.utc), local_instant(day, start, tz))
        day += timedelta(days=1)
    raise ValueError("no working moment within a year")


@dataclass(frozen=True)
class Due:
    """A due time and the local intent it came from."""

    at: datetime  # UTC
    local_date: date
    local_time: time
    tz: str
    # The instant the reminder is tied to ("an hour after the interview ends"), or None when its
    # intent is the local date and time ("10:00 on day 30 in their zone").
    anchor: datetime | None = None


def _due(cal: WorkCalendar, day: date, at: time, tz: ZoneInfo, quiet: QuietHours | None) -> Due:
    instant = next_working_moment(cal, local_instant(day, at, tz), tz, quiet)
    local = instant.astimezone(tz)
    return Due(at=instant, local_date=local.date(), local_time=local.time().replace(microsecond=0), tz=tz.key)


def business_days_after(
    cal: WorkCalendar, start: date, n: int, at: time, tz: ZoneInfo, quiet: QuietHours | None = None
) -> Due:
    """ "n business days after `start` at `at` local time", kept inside working hours."""
    return _due(cal, cal.add_business_days(start, n), at, tz, quiet)


def calendar_day(
    cal: WorkCalendar, start: date, n: int, at: time, tz: ZoneInfo, quiet: QuietHours | None = None
) -> Due:
    """ "Day n after `start`" in calendar days; a weekend or holiday moves to the next business day."""
    return _due(cal, cal.business_day_on_or_after(start + timedelta(days=n)), at, tz, quiet)


def at_or_after(cal: WorkCalendar, instant: datetime, tz: ZoneInfo, quiet: QuietHours | None = None) -> Due:
    """The next working moment at or after `instant`, tied to that instant: a zone learned later moves it
    forward into that zone's working hours, never earlier than the instant (scorecard prompts, snoozes)."""
    moment = next_working_moment(cal, instant, tz, quiet)
    local = moment.astimezone(tz)
    return Due(
        at=moment,
        local_date=local.date(),
        local_time=local.time().replace(microsecond=0),
        tz=tz.key,
        anchor=instant.astimezone(timezone.utc),
    )


def intended(nudge, tz: ZoneInfo) -> datetime:
    """When a nudge means to arrive for someone in `tz`: its instant, or its local date and time there."""
    return nudge.anchor_at if nudge.anchor_at is not None else local_instant(nudge.local_date, nudge.local_time, tz)

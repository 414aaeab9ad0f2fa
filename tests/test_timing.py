"""Pure: due-time arithmetic across weekends, holidays, working and quiet hours, and DST."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.nudges.timing import (
    QuietHours,
    WorkCalendar,
    at_or_after,
    business_days_after,
    calendar_day,
    next_working_moment,
)

BERLIN, NEW_YORK, TOKYO = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")
CAL = WorkCalendar()
US = WorkCalendar(holiday_country="US")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_friday_evening_in_berlin_moves_to_monday_morning():
    friday_1730 = datetime(2026, 11, 27, 17, 30, tzinfo=BERLIN)
    assert next_working_moment(CAL, friday_1730, BERLIN) == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    # after hours on Friday too
    assert next_working_moment(CAL, datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN), BERLIN) == datetime(
        2026, 11, 30, 9, 0, tzinfo=BERLIN
    )


def test_inside_working_hours_is_now_and_early_morning_waits_for_nine():
    wed = datetime(2026, 11, 25, 11, 15, tzinfo=BERLIN)
    assert next_working_moment(CAL, wed, BERLIN) == wed
    assert next_working_moment(CAL, datetime(2026, 11, 25, 6, 0, tzinfo=BERLIN), BERLIN) == datetime(
        2026, 11, 25, 9, 0, tzinfo=BERLIN
    )


def test_day_30_across_the_march_dst_change_lands_at_ten_local():
    start = date(2027, 2, 20)  # EST; day 30 is 2027-03-22, after the change to EDT on 14 March
    due = calendar_day(CAL, start, 30, time(10), NEW_YORK)
    assert due.at == utc(2027, 3, 22, 14, 0)  # 10:00 EDT, not 15:00 UTC as 30 x 24 h would give
    assert (due.local_date, due.local_time, due.tz) == (date(2027, 3, 22), time(10), "America/New_York")


def test_a_weekend_day_n_moves_to_monday():
    due = calendar_day(CAL, date(2026, 11, 1), 27, time(10), BERLIN)  # 28 Nov 2026 is a Saturday
    assert due.local_date == date(2026, 11, 30)


def test_a_us_holiday_rolls_to_the_next_business_day():
    due = calendar_day(US, date(2028, 6, 4), 30, time(10), NEW_YORK)  # 4 July 2028 is a Tuesday
    assert due.local_date == date(2028, 7, 5)
    assert CAL.is_business_day(date(2028, 7, 4))  # without a holiday country it is a working day
    assert next_working_moment(US, datetime(2028, 7, 3, 18, 30, tzinfo=NEW_YORK), NEW_YORK) == datetime(
        2028, 7, 5, 9, 0, tzinfo=NEW_YORK
    )


def test_business_days_skip_weekends_and_holidays():
    assert CAL.add_business_days(date(2026, 11, 27), 2) == date(2026, 12, 1)  # Fri + 2 = Tue
    assert US.add_business_days(date(2028, 7, 3), 1) == date(2028, 7, 5)
    due = business_days_after(CAL, date(2026, 11, 27), 2, time(10), TOKYO)
    assert due.at == datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)


def test_a_time_outside_working_hours_is_moved_inside():
    due = business_days_after(CAL, date(2026, 11, 25), 1, time(7, 30), BERLIN)
    assert (due.local_date, due.local_time) == (date(2026, 11, 26), time(9))
    late = business_days_after(CAL, date(2026, 11, 25), 1, time(17, 15), BERLIN)  # after the last call
    assert (late.local_date, late.local_time) == (date(2026, 11, 27), time(9))
    assert WorkCalendar(time(9), time(11)).send_until == time(11)  # short days keep their full span


@pytest.mark.parametrize(
    "quiet, at, expected",
    [
        (QuietHours(time(12), time(13)), time(12, 30), datetime(2026, 11, 25, 13, 0, tzinfo=BERLIN)),
        (QuietHours(time(15), time(8)), time(15, 30), datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)),
        (QuietHours(time(0), time(10)), time(9, 0), datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)),
    ],
)
def test_quiet_hours_are_respected(quiet, at, expected):
    assert next_working_moment(CAL, datetime.combine(date(2026, 11, 25), at, BERLIN), BERLIN, quiet) == expected


def test_quiet_hours_covering_the_whole_day_are_refused():
    with pytest.raises(ValueError):
        next_working_moment(CAL, utc(2026, 11, 25, 10), BERLIN, QuietHours(time(8), time(19)))


def test_snooze_a_day_later_lands_in_working_hours():
    due = at_or_after(CAL, datetime(2026, 11, 27, 16, 45, tzinfo=BERLIN), BERLIN)
    assert due.at == datetime(2026, 11, 27, 16, 45, tzinfo=BERLIN)
    sat = at_or_after(CAL, datetime(2026, 11, 28, 17, 45, tzinfo=BERLIN), BERLIN)
    assert sat.at == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)

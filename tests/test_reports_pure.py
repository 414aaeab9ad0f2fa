"""The reports' arithmetic and files, pure: stages, ages, timeline status, calibration, CSV rows, commands."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.config import Settings
from bot.flows.reports import csvs, figures
from bot.flows.reports.command import ReportRequest, parse
from bot.flows.reports.digest import approval_cutoff, due_for
from bot.flows.reports.interviewers import InterviewerLine, InterviewersReport
from bot.flows.reports.pipeline import Line, Pipeline

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def test_stage_counts_and_median_waits():
    rows = [
        ("added", days_ago(2)),
        ("added", days_ago(4)),
        ("added", days_ago(10)),
        ("scheduling", days_ago(6)),
        ("interviewing", days_ago(1)),
        ("interviewing", NOW + timedelta(days=2)),  # a first interview still ahead waits 0 days
        ("decided", days_ago(30)),  # an end, not a wait
        ("hired", days_ago(40)),
    ]
    f = figures.stage_figures(rows, NOW)
    assert f.counts == {
        "added": 3,
        "scheduling": 1,
        "interviewing": 2,
        "awaiting_debrief": 0,
        "decided": 1,
        "offer_out": 0,
        "hired": 1,
    }
    assert f.total == 8
    assert f.waits == {"added": 4.0, "scheduling": 6.0, "interviewing": 0.5}
    assert f.slowest == ("scheduling", 6.0)
    assert figures.stage_figures([], NOW).slowest is None


@pytest.mark.parametrize(
    ("weeks", "status"),
    [(0, "on track"), (10, "on track"), (10.1, "at risk"), (16, "at risk"), (16.1, "late"), (40, "late")],
)
def test_timeline_status_against_the_band(weeks, status):
    assert figures.timeline_status(weeks, 10, 16) == status


def test_weeks_open():
    assert figures.weeks_between(NOW - timedelta(days=21), NOW) == 3.0
    assert figures.weeks_between(NOW + timedelta(days=1), NOW) == 0.0


def panel() -> list[figures.Rating]:
    """Five candidates, one competency: A rates 4, B rates 2, C and D rate 3; E rates 3 on four of them."""
    out = []
    for c in range(5):
        out += [
            figures.Rating("A", c, "tradeoffs", 4),
            figures.Rating("B", c, "tradeoffs", 2),
            figures.Rating("C", c, "tradeoffs", 3),
            figures.Rating("D", c, "tradeoffs", 3),
        ]
        if c < 4:
            out.append(figures.Rating("E", c, "tradeoffs", 3))
    return out


def test_calibration_on_a_hand_made_panel():
    result = figures.calibration(panel(), {"A": 5, "B": 5, "C": 5, "D": 5, "E": 4})
    # A: 4 minus the mean of the other scores on each candidate; 4 of 5 candidates have E's 3 as well
    expected_a = (4 * (4 - (2 + 3 + 3 + 3) / 4) + (4 - (2 + 3 + 3) / 3)) / 5
    assert result["A"].difference == round(expected_a, 2)
    assert result["A"].lean == "lenient"
    assert result["B"].lean == "severe"
    assert result["B"].difference < -1
    assert result["C"].lean == "in line" and abs(result["C"].difference) < figures.LEAN
    assert "E" not in result  # four scorecards are not enough to say
    assert result["A"].scorecards == 5 and result["A"].compared == 5


def test_a_rating_with_nobody_to_compare_is_left_out():
    ratings = [figures.Rating("A", c, "x", 4) for c in range(6)]
    assert figures.calibration(ratings, {"A": 6}) == {}


def test_agreement_and_turnaround():
    assert figures.agreement([("yes", "hire"), ("strong_no", "no_hire"), ("yes", "no_hire"), ("no", "hire")]) == (2, 4)
    ended = days_ago(5)
    median_hours, late = figures.turnaround([(ended, ended + timedelta(hours=h)) for h in (2, 4, 30, 50)])
    assert (median_hours, late) == (17.0, 0.5)
    assert figures.turnaround([]) == (None, None)


def line(rid: int, **stages) -> Line:
    f = figures.StageFigures()
    f.counts.update(stages)
    f.waits = {"added": 3.5} if stages.get("added") else {}
    return Line(rid, rid, "nlp", "senior", "U0HM", "approved", days_ago(98), 14.0, 10, 16, "at risk", f, 2, 1)


def test_pipeline_csv_parses_back_to_the_same_figures():
    report = Pipeline([line(1, added=2, interviewing=1), line(2, hired=1)], figures.StageFigures(), True)
    rows = list(csv.DictReader(io.StringIO(csvs.pipeline_csv(report))))
    assert [r["requisition"] for r in rows] == ["1", "2"]
    first = rows[0]
    assert (first["added"], first["interviewing"], first["hired"]) == ("2", "1", "0")
    assert first["timeline_status"] == "at risk"
    assert (first["weeks_open"], first["timeline_low_weeks"], first["timeline_high_weeks"]) == ("14.0", "10", "16")
    assert datetime.fromisoformat(first["opened_at"]) == days_ago(98)  # ISO 8601, with its zone
    assert first["median_days_added"] == "3.5" and first["slowest_stage"] == "added"
    assert rows[1]["slowest_stage"] == ""


def test_interviewer_csv_has_calibration_columns_only_when_calibrated():
    person = InterviewerLine("U0A", 4, 1, 5, 3.5, 0.2, 2, figures.Calibration(-0.75, 5, 9), (3, 4))
    with_cal = list(csv.DictReader(io.StringIO(csvs.interviewers_csv(InterviewersReport(30, [person], True)))))
    assert with_cal[0]["calibration_difference"] == "-0.75" and with_cal[0]["calibration"] == "severe"
    assert (with_cal[0]["matched_decision"], with_cal[0]["decisions"]) == ("3", "4")
    plain = list(csv.DictReader(io.StringIO(csvs.interviewers_csv(InterviewersReport(30, [person], False)))))
    assert "calibration" not in plain[0] and plain[0]["interviews_done"] == "4" and plain[0]["period_days"] == "30"


def test_csv_cells_a_spreadsheet_would_run_are_quoted():
    out = csvs.write(["a", "b"], [["=HYPERLINK(1)", "-3"], ["@me", "+x"]])
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1] == ["'=HYPERLINK(1)", "-3"] and rows[2] == ["'@me", "'+x"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pipeline", ReportRequest("pipeline")),
        ("Pipeline CSV", ReportRequest("pipeline", csv=True)),
        ("interviewers 30", ReportRequest("interviewers", 30)),
        ("interviewers 365 csv", ReportRequest("interviewers", 365, True)),
        ("me 7", ReportRequest("me", 7)),
        ("onboarding csv", ReportRequest("onboarding", csv=True)),
        ("nudges csv", ReportRequest("nudges", csv=True)),
        ("audit", ReportRequest("audit")),
    ],
)
def test_report_commands(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "help",
        "pipelines",
        "interviewers 0",
        "interviewers 366",
        "interviewers -5",
        "interviewers 12.5",
        "pipeline 30",
        "audit csv",
        "onboarding 30",
        "interviewers 30 csv extra",
        "csv",
    ],
)
def test_bad_report_commands_get_the_usage(text):
    assert parse(text) is None


def test_digest_goes_on_the_next_business_day_when_monday_is_a_holiday():
    settings = Settings(default_timezone="America/New_York", holiday_country="US")
    due = due_for(settings, date(2027, 1, 18))  # Martin Luther King Jr. Day
    assert (due.local_date, due.local_time) == (date(2027, 1, 19), time(9, 30))
    assert due.at == datetime(2027, 1, 19, 14, 30, tzinfo=timezone.utc)
    ordinary = due_for(settings, date(2027, 1, 25))
    assert ordinary.local_date == date(2027, 1, 25)
    # two business days before Tuesday 19 January, skipping the holiday and the weekend: Thursday 14th
    assert approval_cutoff(settings, due).date() == date(2027, 1, 14)


def test_counts_agree_with_their_nouns():
    from bot.ui.words import count, noun

    assert [count(n, "interview") for n in (0, 1, 2)] == ["0 interviews", "1 interview", "2 interviews"]
    assert count(1, "candidate is", "candidates are") == "1 candidate is"
    assert count(3, "candidate is", "candidates are") == "3 candidates are"
    assert noun(1.0, "week") == "week" and noun(1.5, "week") == "weeks"

"""The reports as CSV (pure): a header row, one row per requisition / interviewer / onboarding / reminder,
the same figures as the report, ISO 8601 dates and times (UTC). Calibration columns only when the report
carries them (admins, or a person's own). Cells that a spreadsheet would run as a formula are quoted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bot.flows.reports.figures import STAGES, WAITING
from bot.flows.reports.interviewers import InterviewersReport
from bot.flows.reports.onboarding import ROLES, OnboardingLine
from bot.flows.reports.pipeline import Pipeline
from bot.models import Nudge


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def write(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def pipeline_csv(report: Pipeline) -> str:
    header = [
        "requisition",
        "specialization",
        "level",
        "hiring_manager",
        "status",
        "opened_at",
        "weeks_open",
        "timeline_low_weeks",
        "timeline_high_weeks",
        "timeline_status",
        *STAGES,
        *(f"median_days_{s}" for s in WAITING),
        "slowest_stage",
        "headcount",
        "filled",
    ]
    rows = []
    for line in report.lines:
        slowest = line.stages.slowest
        rows.append(
            [
                line.id,
                line.specialization,
                line.level,
                line.hiring_manager_id,
                line.status,
                line.opened_at,
                line.weeks_open,
                line.low,
                line.high,
                line.timeline,
                *(line.stages.counts[s] for s in STAGES),
                *(line.stages.waits.get(s) for s in WAITING),
                slowest[0] if slowest else None,
                line.headcount,
                line.filled,
            ]
        )
    return write(header, rows)


def interviewers_csv(report: InterviewersReport) -> str:
    header = [
        "interviewer",
        "period_days",
        "interviews_done",
        "declines",
        "scorecards",
        "median_hours_to_scorecard",
        "share_later_than_24h",
        "this_week",
    ]
    if report.calibrated:
        header += ["calibration_difference", "calibration", "calibration_scorecards", "matched_decision", "decisions"]
    rows = []
    for line in report.lines:
        row = [
            line.user,
            report.days,
            line.done,
            line.declined,
            line.scorecards,
            line.median_hours,
            line.late_share,
            line.this_week,
        ]
        if report.calibrated:
            c = line.calibration
            row += [c.difference if c else None, c.lean if c else None, c.scorecards if c else None, *line.agreed]
        rows.append(row)
    return write(header, rows)


def onboarding_csv(lines: list[OnboardingLine]) -> str:
    header = [
        "onboarding",
        "new_hire",
        "manager",
        "start_date",
        "items_done",
        "items_total",
        *(f"overdue_{r}" for r in ROLES),
        "latest_check_in_day",
        "latest_check_in_answered",
        "risk",
    ]
    rows = [
        [
            o.id,
            o.new_hire_id,
            o.manager_id,
            o.start_date,
            o.done,
            o.total,
            *(o.overdue.get(r, 0) for r in ROLES),
            o.latest_day,
            {True: "yes", False: "no", None: ""}[o.latest_answered],
            " ".join(o.risk),
        ]
        for o in lines
    ]
    return write(header, rows)


def nudges_csv(rows: list[Nudge]) -> str:
    header = [
        "reminder",
        "kind",
        "recipient",
        "subject",
        "subject_id",
        "status",
        "due_at",
        "attempts",
        "last_error",
        "updated_at",
    ]
    return write(
        header,
        (
            [
                n.id,
                n.kind,
                n.recipient_id,
                n.subject_type,
                n.subject_id,
                n.status,
                n.due_at,
                n.attempts,
                n.last_error,
                n.updated_at,
            ]
            for n in rows
        ),
    )

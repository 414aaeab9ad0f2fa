"""The reports as CSV (pure): a header row, one row per requisition / interviewer / onboarding / reminder,
the same figures as the report, ISO 8601 dates and times (UTC). Calibration columns only when the report
carries them (admins, or a person's own). Cells that a spreadsheet would run as a formula are quoted.
Each column of Slack user ids is followed by one of their names ("hiring_manager", "hiring_manager_name"),
as the caller's `names` says them (Slack is asked by the caller, after the acknowledgement)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence

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


PEOPLE_COLUMNS = frozenset({"hiring_manager", "interviewer", "new_hire", "manager", "recipient"})
Names = Callable[[set[str]], Mapping[str, str]]


def no_names(ids: set[str]) -> Mapping[str, str]:
    return {}


def write(header: Sequence[str], rows: Iterable[Sequence], names: Names = no_names) -> str:
    rows = [list(row) for row in rows]
    people = [i for i, column in enumerate(header) if column in PEOPLE_COLUMNS]
    known = names({str(row[i]) for row in rows for i in people if row[i]}) if people else {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [c for i, column in enumerate(header) for c in ((column, f"{column}_name") if i in people else (column,))]
    )
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            cells.append(_cell(value))
            if i in people:
                cells.append(_cell(known.get(str(value)) if value else None))
        writer.writerow(cells)
    return out.getvalue()


def pipeline_csv(report: Pipeline, names: Names = no_names) -> str:
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
                line.number,
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
    return write(header, rows, names)


def interviewers_csv(report: InterviewersReport, names: Names = no_names) -> str:
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
    return write(header, rows, names)


def onboarding_csv(lines: list[OnboardingLine], names: Names = no_names) -> str:
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
    return write(header, rows, names)


def nudges_csv(rows: list[Nudge], names: Names = no_names) -> str:
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
        names,
    )

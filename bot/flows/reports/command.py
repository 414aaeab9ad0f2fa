"""What `/ml-report …` asks for, parsed once (pure): a report name, a period for the interviewer reports,
and whether a CSV is wanted. Anything else is None, answered with the usage line."""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows.reports.interviewers import DEFAULT_DAYS

REPORTS = ("pipeline", "interviewers", "me", "onboarding", "nudges", "audit")
WITH_PERIOD = ("interviewers", "me")
WITH_CSV = ("pipeline", "interviewers", "me", "onboarding", "nudges")


@dataclass(frozen=True)
class ReportRequest:
    name: str
    days: int = DEFAULT_DAYS
    csv: bool = False


def parse(text: str | None) -> ReportRequest | None:
    words = (text or "").lower().split()
    if not words or words[0] not in REPORTS or len(words) > 3:
        return None
    name, rest = words[0], words[1:]
    csv = bool(rest) and rest[-1] == "csv"
    if csv:
        if name not in WITH_CSV:
            return None
        rest = rest[:-1]
    days = DEFAULT_DAYS
    if rest:
        if name not in WITH_PERIOD or len(rest) != 1 or not rest[0].isdigit() or not 1 <= int(rest[0]) <= 365:
            return None
        days = int(rest[0])
    return ReportRequest(name, days, csv)

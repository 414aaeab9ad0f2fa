"""The reports' arithmetic, pure: stage counts and waits, ages against a timeline, calibration, medians.

Decisions written down here:
- A candidate's stage: *added* (no interviewer yet), *scheduling* (an interview without a time),
  *interviewing* (scorecards outstanding), *awaiting debrief* (every scorecard in, no final decision),
  *decided* (no hire; or hire whose offer ended without acceptance), *offer out* (an open offer), *hired*
  (an accepted offer, or a hire decision where no offer was prepared). Closed loops are left out.
- Waiting in a stage counts from when the candidate entered it: added (created), scheduling (first
  assignment), interviewing (first interview's start), awaiting debrief (last scorecard), offer out (the
  offer). Decided and hired are ends, not waits.
- Timeline status, by weeks since approval against the requisition's band: on track up to the low end, at
  risk past the low end, late past the high end.
- Calibration: for each rating an interviewer gave, their score minus the mean of the rest of the panel's
  scores on the same candidate and competency (where others rated it); an interviewer's calibration is
  the mean of those differences: above +0.25 lenient, below −0.25 severe, else in line. Shown only with
  at least five scorecards behind it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

STAGES = ("added", "scheduling", "interviewing", "awaiting_debrief", "decided", "offer_out", "hired")
STAGE_LABELS = {
    "added": "added",
    "scheduling": "scheduling",
    "interviewing": "interviewing",
    "awaiting_debrief": "awaiting debrief",
    "decided": "decided",
    "offer_out": "offer out",
    "hired": "hired",
}
WAITING = ("added", "scheduling", "interviewing", "awaiting_debrief", "offer_out")
ON_TRACK, AT_RISK, LATE = "on track", "at risk", "late"
MIN_SCORECARDS = 5  # calibration needs this many scorecards behind it
LEAN = 0.25  # a mean difference beyond this is lenient (above) or severe (below)
LATE_SCORECARD_HOURS = 24
HIRE_SIDE = {"yes", "strong_yes"}


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


@dataclass
class StageFigures:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    waits: dict[str, float] = field(default_factory=dict)  # {stage: median days waiting}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def slowest(self) -> tuple[str, float] | None:
        """The stage where candidates wait longest (median days), or None when nobody waits."""
        if not self.waits:
            return None
        stage = max(self.waits, key=lambda s: (self.waits[s], -STAGES.index(s)))
        return stage, self.waits[stage]


def stage_figures(rows: Iterable[tuple[str, datetime | None]], now: datetime) -> StageFigures:
    """Counts per stage and the median days waiting in each waiting stage, from (stage, entered at) rows."""
    out = StageFigures()
    waited: dict[str, list[float]] = defaultdict(list)
    for stage, entered in rows:
        out.counts[stage] = out.counts.get(stage, 0) + 1
        if stage in WAITING and entered is not None:
            waited[stage].append(max(0.0, (now - entered).total_seconds() / 86400))
    out.waits = {stage: round(median(days) or 0.0, 1) for stage, days in waited.items()}
    return out


def timeline_status(weeks_open: float, low: int, high: int) -> str:
    if weeks_open > high:
        return LATE
    if weeks_open > low:
        return AT_RISK
    return ON_TRACK


def weeks_between(start: datetime, now: datetime) -> float:
    return round(max(0.0, (now - start).total_seconds() / (7 * 86400)), 1)


@dataclass(frozen=True)
class Rating:
    interviewer: str
    candidate: int
    competency: str
    score: int


@dataclass(frozen=True)
class Calibration:
    difference: float  # mean of (own score - the rest of the panel's mean)
    scorecards: int
    compared: int  # ratings that had someone else's to compare with

    @property
    def lean(self) -> str:
        if self.difference > LEAN:
            return "lenient"
        if self.difference < -LEAN:
            return "severe"
        return "in line"


def calibration(ratings: Iterable[Rating], scorecards: dict[str, int]) -> dict[str, Calibration]:
    """{interviewer: Calibration} for interviewers with at least MIN_SCORECARDS scorecards."""
    ratings = list(ratings)
    by_item: dict[tuple[int, str], list[Rating]] = defaultdict(list)
    for r in ratings:
        by_item[(r.candidate, r.competency)].append(r)
    differences: dict[str, list[float]] = defaultdict(list)
    for panel in by_item.values():
        total = sum(r.score for r in panel)
        for r in panel:
            others = len(panel) - 1
            if others:
                differences[r.interviewer].append(r.score - (total - r.score) / others)
    out = {}
    for person, count in scorecards.items():
        if count >= MIN_SCORECARDS and differences.get(person):
            diffs = differences[person]
            out[person] = Calibration(round(statistics.fmean(diffs), 2), count, len(diffs))
    return out


def agreement(pairs: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """(matched, compared) over (recommendation, final decision) pairs: a yes matches hire, a no no hire."""
    matched = compared = 0
    for recommendation, decision in pairs:
        compared += 1
        matched += (recommendation in HIRE_SIDE) == (decision == "hire")
    return matched, compared


def turnaround(pairs: Iterable[tuple[datetime, datetime]]) -> tuple[float | None, float | None]:
    """(median hours from interview end to scorecard, share later than 24 h) over (ended, submitted) pairs."""
    hours = [max(0.0, (submitted - ended).total_seconds() / 3600) for ended, submitted in pairs]
    if not hours:
        return None, None
    late = sum(h > LATE_SCORECARD_HOURS for h in hours) / len(hours)
    return round(median(hours) or 0.0, 1), round(late, 2)

"""Cost and timeline estimates for a requisition, computed from the playbook (pure functions).

Decisions, written down:
- The location premium applies to in-house base salaries only; the playbook's contractor and
  partner rates are already market rates and are not adjusted by location.
- Contractor money is converted at `contractor.hours_per_year` (2,080 h: 40 h x 52 weeks);
  a month is a twelfth of that year.
- A band whose top is open-ended ("$200,000+") keeps its "+" through every multiplication.
- Money is rounded to whole dollars only at the end, so 160,000 x 1.2 is exactly 192,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.playbook import Playbook


@dataclass(frozen=True)
class Money:
    low: Decimal
    high: Decimal
    open_ended: bool = False

    def times(self, low: Decimal | int, high: Decimal | int | None = None) -> Money:
        high = low if high is None else high
        return Money(self.low * Decimal(low), self.high * Decimal(high), self.open_ended)

    def rounded(self) -> Money:
        q = Decimal(1)
        return Money(self.low.quantize(q, ROUND_HALF_UP), self.high.quantize(q, ROUND_HALF_UP), self.open_ended)

    def as_dict(self) -> dict:
        r = self.rounded()
        return {"low": int(r.low), "high": int(r.high), "open_ended": r.open_ended}

    @classmethod
    def from_dict(cls, d: dict | None) -> Money | None:
        if d is None:
            return None
        return cls(Decimal(d["low"]), Decimal(d["high"]), bool(d["open_ended"]))

    def __str__(self) -> str:
        r = self.rounded()
        low, high = f"${int(r.low):,}", f"${int(r.high):,}"
        text = low if r.low == r.high else f"{low}–{high}"
        return text + ("+" if self.open_ended else "")


@dataclass(frozen=True)
class CostEstimate:
    hiring_model: str
    headcount: int
    hourly: Money | None  # contractor rate per engineer
    base_yearly: Money | None  # in-house base salary per engineer, location-adjusted
    monthly: Money  # per engineer: loaded salary, contractor or partner fee
    yearly: Money  # per engineer: the fully loaded yearly cost
    total_yearly: Money  # yearly x headcount

    MONEY_FIELDS = ("hourly", "base_yearly", "monthly", "yearly", "total_yearly")

    def as_dict(self) -> dict:
        return {"hiring_model": self.hiring_model, "headcount": self.headcount} | {
            name: m.as_dict() if (m := getattr(self, name)) is not None else None for name in self.MONEY_FIELDS
        }

    @classmethod
    def from_dict(cls, d: dict) -> CostEstimate:
        return cls(
            hiring_model=d["hiring_model"],
            headcount=int(d["headcount"]),
            **{name: Money.from_dict(d.get(name)) for name in cls.MONEY_FIELDS},
        )


@dataclass(frozen=True)
class Timeline:
    min_weeks: int
    max_weeks: int
    earliest_offer: date
    latest_offer: date
    start_too_soon: bool  # the target start is before the earliest likely offer

    def as_dict(self) -> dict:
        return {
            "min_weeks": self.min_weeks,
            "max_weeks": self.max_weeks,
            "earliest_offer": self.earliest_offer.isoformat(),
            "latest_offer": self.latest_offer.isoformat(),
            "start_too_soon": self.start_too_soon,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Timeline:
        return cls(
            min_weeks=int(d["min_weeks"]),
            max_weeks=int(d["max_weeks"]),
            earliest_offer=date.fromisoformat(d["earliest_offer"]),
            latest_offer=date.fromisoformat(d["latest_offer"]),
            start_too_soon=bool(d["start_too_soon"]),
        )


def estimate_cost(playbook: Playbook, *, level: str, location: str, hiring_model: str, headcount: int) -> CostEstimate:
    lvl = playbook.levels[level]
    if hiring_model == "in_house":
        band = lvl.base_salary
        mult = playbook.locations[location].salary_multiplier
        loaded = playbook.total_cost_multiplier
        base = Money(Decimal(band.min), Decimal(band.max), band.open_ended).times(mult.min, mult.max)
        yearly = base.times(loaded.min, loaded.max)
        hourly = None
        monthly = yearly.times(Decimal(1) / 12)
    elif hiring_model == "contractor":
        band = playbook.contractor.bands[lvl.contractor_band]
        hourly = Money(Decimal(band.min), Decimal(band.max), band.open_ended)
        yearly = hourly.times(playbook.contractor.hours_per_year)
        monthly = yearly.times(Decimal(1) / 12)
        base = None
    elif hiring_model == "partner":
        fee = playbook.partner.monthly_per_engineer
        monthly = Money(Decimal(fee.min), Decimal(fee.max), fee.open_ended)
        yearly = monthly.times(12)
        hourly = base = None
    else:
        raise ValueError(f"unknown hiring model {hiring_model!r}")
    return CostEstimate(
        hiring_model=hiring_model,
        headcount=headcount,
        hourly=hourly,
        base_yearly=base,
        monthly=monthly,
        yearly=yearly,
        total_yearly=yearly.times(headcount),
    )


def posting_range(playbook: Playbook, *, level: str, location: str) -> tuple[Money, bool]:
    """The base-salary range a job posting states: the in-house band at the location, its open top (if
    any) closed at the level's `posting_max` times the location's multiplier. True when it was closed so."""
    salary = playbook.levels[level].base_salary
    mult = playbook.locations[location].salary_multiplier
    top = salary.posting_max if salary.open_ended and salary.posting_max else salary.max
    band = Money(Decimal(salary.min), Decimal(top)).times(mult.min, mult.max)
    return band.rounded(), bool(salary.open_ended)


def estimate_timeline(playbook: Playbook, *, level: str, today: date, target_start: date) -> Timeline:
    weeks = playbook.levels[level].timeline_weeks
    earliest = today + timedelta(weeks=weeks.min)
    return Timeline(
        min_weeks=weeks.min,
        max_weeks=weeks.max,
        earliest_offer=earliest,
        latest_offer=today + timedelta(weeks=weeks.max),
        start_too_soon=target_start < earliest,
    )

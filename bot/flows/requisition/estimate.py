"""Cost and timeline estimates for a requisition, computed from the playbook (pure functions).

Decisions, written down:
- The location premium applies to in-house base salaries only; the playbook's contractor and
  partner rates are already market rates and are not adjusted by location.
- Contractor money is converted at `contractor.hours_per_year` (2,080 h: 40 h x 52 weeks);
  a month is a twelfth of that year.
- A band whose top is open-ended ("$200,000+") keeps its "+" through every multiplication.
- A location may name a premium for some levels (remote senior and staff: the guide says they still
  command premium pay but gives no size). The band and the cost stay the guide's; the premium is an
  assumption shown beside them (`premium`: the base salary with it), never folded into the band, so an
  offer is placed against the guide's figures.
- Every figure the guide does not give is an assumption in the playbook, carried with the estimate
  (`assumptions`) so the post says so where it affects a number.
- The screening-to-offer timeline is for in-house hiring: specialized specializations take the longer
  weeks at every level; contractor and partner requisitions have their own (assumed) weeks.
- Money is rounded to whole dollars only at the end, so 160,000 x 1.2 is exactly 192,000.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    band: Money | None = None  # in house: the level's national band, before the location
    uplift: str | None = None  # in house: how the location changes it, e.g. "× 1.2–1.4 for a high-cost hub"
    assumptions: tuple[str, ...] = ()  # the figures behind it that the guide does not give
    premium: Money | None = None  # in house, where the location names one: the base salary with the assumed premium

    MONEY_FIELDS = ("hourly", "base_yearly", "monthly", "yearly", "total_yearly", "band", "premium")

    def as_dict(self) -> dict:
        return (
            {"hiring_model": self.hiring_model, "headcount": self.headcount}
            | {name: m.as_dict() if (m := getattr(self, name)) is not None else None for name in self.MONEY_FIELDS}
            | {"uplift": self.uplift, "assumptions": list(self.assumptions)}
        )

    def for_headcount(self, headcount: int) -> CostEstimate:
        """The same figures per engineer, totalled for `headcount` (after the headcount changed)."""
        if headcount == self.headcount:
            return self
        return replace(self, headcount=headcount, total_yearly=self.yearly.times(headcount))

    @classmethod
    def from_dict(cls, d: dict) -> CostEstimate:
        return cls(
            hiring_model=d["hiring_model"],
            headcount=int(d["headcount"]),
            **{name: Money.from_dict(d.get(name)) for name in cls.MONEY_FIELDS},
            uplift=d.get("uplift"),
            assumptions=tuple(d.get("assumptions") or ()),
        )


@dataclass(frozen=True)
class Timeline:
    min_weeks: int
    max_weeks: int
    earliest_offer: date
    latest_offer: date
    start_too_soon: bool  # the target start is before the earliest likely offer
    basis: str = "from screening to offer"  # what the weeks measure
    assumption: str | None = None
    counted_from_what: str = "submission"  # the day the weeks are counted from: the submission, the approval

    @property
    def counted_from(self) -> date:
        return self.earliest_offer - timedelta(weeks=self.min_weeks)

    def for_start(self, target_start: date) -> Timeline:
        """The same weeks, judged against a target start that moved."""
        return replace(self, start_too_soon=target_start < self.earliest_offer)

    def from_day(self, day: date, what: str) -> Timeline:
        """The same weeks counted from `day` (the approval, once the search has started)."""
        return replace(
            self,
            earliest_offer=day + timedelta(weeks=self.min_weeks),
            latest_offer=day + timedelta(weeks=self.max_weeks),
            counted_from_what=what,
        )

    def as_dict(self) -> dict:
        return {
            "min_weeks": self.min_weeks,
            "max_weeks": self.max_weeks,
            "earliest_offer": self.earliest_offer.isoformat(),
            "latest_offer": self.latest_offer.isoformat(),
            "start_too_soon": self.start_too_soon,
            "basis": self.basis,
            "assumption": self.assumption,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Timeline:
        return cls(
            min_weeks=int(d["min_weeks"]),
            max_weeks=int(d["max_weeks"]),
            earliest_offer=date.fromisoformat(d["earliest_offer"]),
            latest_offer=date.fromisoformat(d["latest_offer"]),
            start_too_soon=bool(d["start_too_soon"]),
            basis=d.get("basis") or "from screening to offer",
            assumption=d.get("assumption"),
        )


def location_multiplier(playbook: Playbook, level: str, location: str) -> tuple[Decimal, Decimal, list[str]]:
    """The in-house salary multiplier for a level at a location, and the assumption behind it: the
    location's own (the premium some levels may command there is `premium_for`, shown apart)."""
    loc = playbook.locations[location]
    low, high = loc.salary_multiplier.min, loc.salary_multiplier.max
    if loc.premium is not None and level in loc.premium_levels and loc.premium_assumption:
        return low, high, [loc.premium_assumption]  # one statement covers the band and the premium
    return low, high, [loc.assumption] if loc.assumption else []


def premium_for(playbook: Playbook, level: str, location: str, base: Money) -> Money | None:
    """The base salary with the location's assumed premium for this level, or None when it names none."""
    loc = playbook.locations[location]
    if loc.premium is None or level not in loc.premium_levels:
        return None
    return base.times(loc.premium.min, loc.premium.max)


def _uplift(low: Decimal, high: Decimal, label: str) -> str:
    factor = f"{low.normalize()}" if low == high else f"{low.normalize()}–{high.normalize()}"
    return f"× {factor} ({label})"


def estimate_cost(playbook: Playbook, *, level: str, location: str, hiring_model: str, headcount: int) -> CostEstimate:
    lvl = playbook.levels[level]
    band = uplift = premium = None
    assumptions: list[str] = []
    if hiring_model == "in_house":
        salary = lvl.base_salary
        m_low, m_high, assumptions = location_multiplier(playbook, level, location)
        if playbook.cost_notes.specialization:
            assumptions = [*assumptions, playbook.cost_notes.specialization]
        loaded = playbook.total_cost_multiplier
        band = Money(Decimal(salary.min), Decimal(salary.max), salary.open_ended)
        base = band.times(m_low, m_high)
        uplift = _uplift(m_low, m_high, playbook.locations[location].label.split(" (")[0].lower())
        premium = premium_for(playbook, level, location, base)
        yearly = base.times(loaded.min, loaded.max)
        hourly = None
        monthly = yearly.times(Decimal(1) / 12)
    elif hiring_model == "contractor":
        rate = playbook.contractor.bands[lvl.contractor_band]
        hourly = Money(Decimal(rate.min), Decimal(rate.max), rate.open_ended)
        yearly = hourly.times(playbook.contractor.hours_per_year)
        monthly = yearly.times(Decimal(1) / 12)
        base = None
        assumptions = [a for a in (playbook.contractor.hours_assumption,) if a]
    elif hiring_model == "partner":
        fee = playbook.partner.monthly_per_engineer
        monthly = Money(Decimal(fee.min), Decimal(fee.max), fee.open_ended)
        yearly = monthly.times(12)
        hourly = base = None
        assumptions = [a for a in (playbook.partner.assumption,) if a]
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
        band=band,
        uplift=uplift,
        assumptions=tuple(assumptions),
        premium=premium,
    )


def posting_range(playbook: Playbook, *, level: str, location: str) -> tuple[Money, bool]:
    """The base-salary range a job posting states: the in-house band at the location, its open top (if
    any) closed at the level's `posting_max` times the location's multiplier. True when it was closed so."""
    salary = playbook.levels[level].base_salary
    m_low, m_high, _ = location_multiplier(playbook, level, location)
    top = salary.posting_max if salary.open_ended and salary.posting_max else salary.max
    band = Money(Decimal(salary.min), Decimal(top)).times(m_low, m_high)
    return band.rounded(), bool(salary.open_ended)


def estimate_timeline(
    playbook: Playbook,
    *,
    level: str,
    today: date,
    target_start: date,
    hiring_model: str = "in_house",
    specialization: str | None = None,
) -> Timeline:
    basis, assumption = "from screening to offer", None
    if hiring_model in ("contractor", "partner"):
        timeline = getattr(playbook.timelines, hiring_model)
        weeks, assumption = timeline.weeks, timeline.assumption
        basis = "to have a contractor signed" if hiring_model == "contractor" else "to have a partner team staffed"
    else:
        weeks = playbook.levels[level].timeline_weeks
        if specialization and playbook.specializations[specialization].specialized:
            special = playbook.timelines.specialized_weeks
            if special.max > weeks.max:
                weeks, basis = special, "from screening to offer (a specialized role)"
                assumption = playbook.timelines.specialized_assumption
    earliest = today + timedelta(weeks=weeks.min)
    return Timeline(
        min_weeks=weeks.min,
        max_weeks=weeks.max,
        earliest_offer=earliest,
        latest_offer=today + timedelta(weeks=weeks.max),
        start_too_soon=target_start < earliest,
        basis=basis,
        assumption=assumption,
    )

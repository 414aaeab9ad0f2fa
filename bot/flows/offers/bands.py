"""Where an offer's base salary sits against the playbook's band (pure).

The band is the guide's in-house base salary for the requisition's level, times the location's own
multiplier: the figures the requisition's estimate quotes. A premium the playbook assumes for some
levels at a location (remote senior talent) is shown beside the band, never folded into it, so an
offer inside the guide's band is never called "below" it.

Decisions, written down:
- A band the guide gives as "$X+" has no top. An offer above its listed figure is not "above the
  band" but above the listed figure of an open band (`ABOVE_LISTED`); the guide sets no limit there,
  so the approver agrees the figure first, and the message says exactly that.
- An offer above a closed band's top goes to the approver; below the bottom it goes out at once,
  with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows.requisition.estimate import estimate_cost
from bot.playbook import Playbook

CURRENCY = "USD"  # the playbook's figures are US dollars
BELOW, WITHIN, ABOVE, ABOVE_LISTED = "below", "within", "above", "beyond"  # stored: at most 8 characters


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    open_top: bool

    def __str__(self) -> str:
        return f"${self.low:,}–${self.high:,}" + ("+" if self.open_top else "")

    def place(self, base: int) -> str:
        if base < self.low:
            return BELOW
        if base > self.high:
            return ABOVE_LISTED if self.open_top else ABOVE
        return WITHIN


@dataclass(frozen=True)
class OfferBand:
    """The band an offer is placed against, and the premium the playbook assumes beside it (or None)."""

    band: Band
    premium: Band | None = None
    premium_note: str | None = None


def band_for(playbook: Playbook, level: str, location: str) -> Band:
    return offer_band(playbook, level, location).band


def offer_band(playbook: Playbook, level: str, location: str) -> OfferBand:
    cost = estimate_cost(playbook, level=level, location=location, hiring_model="in_house", headcount=1)
    base = cost.base_yearly.as_dict()  # type: ignore[union-attr]  (in house always has a base salary)
    band = Band(base["low"], base["high"], base["open_ended"])
    if cost.premium is None:
        return OfferBand(band)
    p = cost.premium.as_dict()
    return OfferBand(band, Band(p["low"], p["high"], p["open_ended"]), playbook.locations[location].premium_assumption)


def needs_approval(placement: str, hiring_model: str) -> str | None:
    """Why the approver must agree first, or None: above the band, above the listed figure of an open
    band, or an in-house offer on a requisition approved for contractors or a partner."""
    if placement == ABOVE:
        return "the base salary is above the band"
    if placement == ABOVE_LISTED:
        return "the base salary is above the listed figure of an open band, which has no top, so you agree the figure"
    if hiring_model != "in_house":
        return f"it is an in-house offer on a requisition approved for a {hiring_model.replace('_', ' ')} hire"
    return None

"""Where an offer's base salary sits against the playbook's band (pure).

The band is the in-house base salary for the requisition's level at the offer's location: the same
figures the requisition's estimate quotes. Decision: a band whose top is open-ended ("$192,000–
$280,000+") has no upper figure in the playbook, so an offer above its listed top is placed above the
band and goes to the approver; the open top is shown, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows.requisition.estimate import estimate_cost
from bot.playbook import Playbook

CURRENCY = "USD"  # the playbook's figures are US dollars
BELOW, WITHIN, ABOVE = "below", "within", "above"


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    open_top: bool

    def __str__(self) -> str:
        return f"${self.low:,}–${self.high:,}" + ("+" if self.open_top else "")

    def place(self, base: int) -> str:
        return BELOW if base < self.low else ABOVE if base > self.high else WITHIN


def band_for(playbook: Playbook, level: str, location: str) -> Band:
    base = estimate_cost(playbook, level=level, location=location, hiring_model="in_house", headcount=1).base_yearly
    money = base.as_dict()  # type: ignore[union-attr]  (in house always has a base salary)
    return Band(money["low"], money["high"], money["open_ended"])


def needs_approval(placement: str, hiring_model: str) -> str | None:
    """Why the approver must agree first, or None: above the band, or an in-house offer on a
    requisition approved for contractors or a partner."""
    if placement == ABOVE:
        return "the base salary is above the band"
    if hiring_model != "in_house":
        return f"it is an in-house offer on a requisition approved for a {hiring_model.replace('_', ' ')} hire"
    return None

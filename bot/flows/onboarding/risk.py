"""Risk signals in a check-in (pure): low scores, a drop since last time, open blockers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.playbook import RiskRules

LABELS = {
    "ramp_up": "ramp-up",
    "clarity": "clarity of expectations",
    "workload": "workload and wellbeing",
    "support": "support from manager and buddy",
    "growth": "growth and learning",
    "recognition": "recognition",
    "meaning": "meaningful work",
    "flexibility": "flexibility",
}


@dataclass(frozen=True)
class Signal:
    kind: str  # low_score | drop | blockers
    detail: str
    advice: str


def signals(
    rules: RiskRules, scores: dict[str, int], previous: dict[str, int] | None, blockers: str | None
) -> list[Signal]:
    out = []
    for key, value in scores.items():
        if value <= rules.low_score:
            out.append(Signal("low_score", f"{LABELS.get(key, key)} is {value}/5", rules.advice["low_score"]))
    for key, value in scores.items():
        before = (previous or {}).get(key)
        if before is not None and before - value >= rules.drop:
            out.append(Signal("drop", f"{LABELS.get(key, key)} fell from {before} to {value}", rules.advice["drop"]))
    if blockers and blockers.strip():
        out.append(Signal("blockers", "blockers are still open", rules.advice["blockers"]))
    return out

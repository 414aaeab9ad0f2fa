"""Organisational readiness from the playbook's yes/no questions (pure).

Decision: the organisation should pause and prepare when a strict majority of the answers
is "no" (4 of 6 with the default questions). A tie does not pause, but every "no" is still
listed with what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.playbook import Playbook, ReadinessQuestion


@dataclass(frozen=True)
class Readiness:
    yes: int
    total: int
    gaps: tuple[ReadinessQuestion, ...]

    @property
    def should_pause(self) -> bool:
        return len(self.gaps) * 2 > self.total

    @property
    def score(self) -> str:
        return f"{self.yes}/{self.total}"


def assess_readiness(playbook: Playbook, answers: dict[str, bool]) -> Readiness:
    """`answers` maps every question key to True (yes) or False (no)."""
    questions = playbook.readiness.questions
    missing = [q.key for q in questions if q.key not in answers]
    if missing:
        raise ValueError(f"no answer for {', '.join(missing)}")
    gaps = tuple(q for q in questions if not answers[q.key])
    return Readiness(yes=len(questions) - len(gaps), total=len(questions), gaps=gaps)

"""Organisational readiness from the playbook's questions, answered yes, no or not sure (pure).

Decisions: "not sure" counts as a gap (the guide: if most answers are unclear, prepare first),
listed with how to find out. The organisation should pause and prepare when a strict majority of
the answers is not yes (6 of 10 with the default questions). A tie does not pause, but every gap
is still listed with what to do about it. A requisition stored before a question was added is
assessed on the questions it was asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.playbook import Playbook, ReadinessQuestion


@dataclass(frozen=True)
class Readiness:
    yes: int
    total: int
    gaps: tuple[ReadinessQuestion, ...]
    unsure: frozenset[str] = frozenset()  # keys of the gaps answered "not sure"

    @property
    def should_pause(self) -> bool:
        return len(self.gaps) * 2 > self.total

    @property
    def score(self) -> str:
        return f"{self.yes}/{self.total}"


def assess_readiness(playbook: Playbook, answers: dict[str, bool | None], *, asked_only: bool = False) -> Readiness:
    """`answers` maps every question key to True (yes), False (no) or None (not sure); with
    `asked_only`, the questions without an answer are left out (they were not asked)."""
    questions = playbook.readiness.questions
    if asked_only:
        questions = [q for q in questions if q.key in answers]
    missing = [q.key for q in questions if q.key not in answers]
    if missing:
        raise ValueError(f"no answer for {', '.join(missing)}")
    gaps = tuple(q for q in questions if answers[q.key] is not True)
    unsure = frozenset(q.key for q in gaps if answers[q.key] is None)
    return Readiness(yes=len(questions) - len(gaps), total=len(questions), gaps=gaps, unsure=unsure)

"""A job-description draft for a specialization and level, from the playbook (pure).

Returned as (heading, paragraph or bullet list) sections so the UI can lay it out within
Slack's per-block limits. The pay range is included for in-house roles: many places require
it in postings, and candidates expect it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.playbook import Playbook


@dataclass(frozen=True)
class JobDescription:
    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]


def role_title(playbook: Playbook, specialization: str, level: str) -> str:
    lvl = playbook.levels[level].label.split(" /")[0]
    return f"{lvl} ML Engineer, {playbook.specializations[specialization].title}"


def draft_job_description(
    playbook: Playbook,
    *,
    specialization: str,
    level: str,
    stage: str,
    work: str,
    mlops: str,
    tools: str | None,
    domain: str | None,
    pay_range: str | None,
) -> JobDescription:
    spec, lvl, scope = playbook.specializations[specialization], playbook.levels[level], playbook.scope
    about = (
        f"You will join us as a {lvl.label.lower()} machine-learning engineer who {spec.summary}. "
        f"The work is {scope.stage[stage].lower()}, covering {scope.work[work].lower()}, "
        f"with {scope.mlops[mlops].lower()} involvement."
    )
    if domain:
        about += f" Business domain: {domain}."
    sections: list[tuple[str, tuple[str, ...]]] = [
        ("About the role", (about,)),
        ("What you will do", tuple(f"• {r}" for r in (*spec.responsibilities, *lvl.responsibilities))),
        (
            "What you bring",
            tuple(
                f"• {r}"
                for r in (
                    lvl.experience[:1].upper() + lvl.experience[1:],
                    *lvl.requirements,
                    *spec.skills,
                    *playbook.job_description.core_requirements,
                )
            ),
        ),
    ]
    if tools:
        sections.append(("Our tools", (tools,)))
    if playbook.job_description.offer or pay_range:
        offer = [f"• {o}" for o in playbook.job_description.offer]
        if pay_range:
            offer.append(f"• Base salary {pay_range} a year, depending on experience")
        sections.append(("What we offer", tuple(offer)))
    return JobDescription(title=role_title(playbook, specialization, level), sections=tuple(sections))

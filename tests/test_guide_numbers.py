"""Every number a person sees on a requisition's surfaces comes from the playbook, and every number the playbook
marks as its own assumption is labelled where it is shown (pure: the builders the bot posts with).

Surfaces: the post (which is also the approver's view), the job-description draft, each stage's interview kit and
the offer form, for every level, location, hiring model and specialization. A number is "from the playbook" when
it is written in the playbook (a figure, or inside one of its texts) or is a figure the estimate works out from
them (tested against the guide in test_estimate.py); dates, ids and counts of the person's own answers aside.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime

import pytest
import yaml

from bot.effects.requisition import job_description
from bot.flows.offers.bands import offer_band
from bot.flows.requisition import service
from bot.flows.requisition.estimate import posting_range
from bot.models import Candidate, Interview, Requisition
from bot.playbook import DEFAULT_PATH, load_playbook
from bot.ui import interviews as interviews_ui
from bot.ui import offers as offers_ui
from bot.ui import requisition as ui
from tests.support.builders import valid_intake

PB = load_playbook()
TODAY = date(2026, 3, 2)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
DATES = re.compile(r"\b\d{1,2} [A-Z][a-z]{2}(?: \d{4})?\b|\b\d{4}-\d{2}-\d{2}\b")
IDS = re.compile(r"#\d+|<[@#!][^>]*>")


def _numbers_in(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_numbers_in(v) for v in value.values()), *(_numbers_in(k) for k in value))
    if isinstance(value, list):
        return set().union(*(_numbers_in(v) for v in value)) if value else set()
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {_norm(str(value))}
    return {_norm(n) for n in NUMBER.findall(str(value))}


def _norm(n: str) -> str:
    n = n.replace(",", "")
    return n.rstrip("0").rstrip(".") if "." in n else n


IN_PLAYBOOK = _numbers_in(yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8")))


def texts(blocks) -> str:
    """Every piece of text a person reads in these blocks (or a view), one string."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                elif key not in ("action_id", "block_id", "value", "private_metadata", "callback_id", "url"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)


def shown_numbers(text: str) -> set[str]:
    return {_norm(n) for n in NUMBER.findall(IDS.sub(" ", DATES.sub(" ", text)))}


def requisition(specialization, level, location, hiring_model) -> Requisition:
    form = valid_intake(specialization=specialization, level=level, location=location, hiring_model=hiring_model)
    req = Requisition(
        id=7,
        hiring_manager_id="U0HM",
        **form.columns(),
        **service.worked_out(PB, form, TODAY),
        channel_id="C0HIRING",
        created_at=datetime(2026, 3, 2, 9),
        updated_at=datetime(2026, 3, 2, 9),
    )
    return req


def worked_out_figures(req: Requisition) -> set[str]:
    """The figures the estimate works out for this requisition (each checked against the guide elsewhere)."""
    a = service.assess(PB, req)
    money = [getattr(a.cost, name) for name in a.cost.MONEY_FIELDS]
    figures = {str(v) for m in money if m is not None for v in (m.as_dict()["low"], m.as_dict()["high"])}
    figures |= {str(a.cost.headcount), str(a.timeline.min_weeks), str(a.timeline.max_weeks)}
    figures |= {str(a.readiness.yes), str(a.readiness.total), str(a.readiness.key_yes), str(a.readiness.key_total)}
    for key in PB.locations:
        found = offer_band(PB, req.level, key)
        for band in (found.band, found.premium):
            if band is not None:
                figures |= {str(band.low), str(band.high)}
        posted, _ = posting_range(PB, level=req.level, location=key)
        figures |= {str(posted.as_dict()["low"]), str(posted.as_dict()["high"])}
    return figures


def assumed(req: Requisition) -> list[tuple[set[str], str]]:
    """(how each figure reads where shown, the label that must be shown with it) for every figure the playbook
    marks as its own assumption."""
    level, iv, loc = PB.levels[req.level], PB.interviews, PB.locations[req.location]
    out = [
        ({level.experience[:1].upper() + level.experience[1:]}, PB.job_description.experience_assumption),
        ({f"about {s.minutes} minutes" for s in iv.stages}, iv.minutes_assumption),
        ({f"{PB.contractor.hours_per_year:,} h"}, PB.contractor.hours_assumption),
    ]
    if level.base_salary.open_ended:
        posted, _ = posting_range(PB, level=req.level, location=req.location)
        out.append(({f"${posted.as_dict()['high']:,}"}, "posting maximum"))
    found = offer_band(PB, req.level, req.location)
    if found.premium is not None:
        out.append(({str(found.premium)}, loc.premium_assumption))
    for model in ("contractor", "partner"):
        if req.hiring_model == model:
            timeline = getattr(PB.timelines, model)
            out.append(({f"{timeline.weeks.min}–{timeline.weeks.max} weeks"}, timeline.assumption))
    if PB.specializations[req.specialization].specialized and req.level in ("junior", "mid"):
        weeks = PB.timelines.specialized_weeks
        out.append(({f"{weeks.min}–{weeks.max} weeks"}, PB.timelines.specialized_assumption))
    return out


def surfaces(req: Requisition) -> dict[str, str]:
    _, post = ui.summary(PB, service.assess(PB, req))
    _, jd = ui.job_description_message(req, job_description(PB, req))
    candidate = Candidate(id=3, name="Ada", profile_url="https://example.org/ada", requisition_id=req.id)
    shown = {"post": texts(post), "job description": texts(jd)}
    for n, stage in enumerate(PB.stages_for(req.level)):
        interview = Interview(id=n + 1, stage_key=stage.key, interviewer_id="U0ANA", assignment_no=1, status="pending")
        _, kit = interviews_ui.kit(PB, [interview], candidate, req)
        shown[f"kit {stage.key}"] = texts(kit)
    shown["offer form"] = texts(offers_ui.offer_modal(PB, candidate, req, TODAY))
    return shown


SHAPES = list(itertools.product(PB.specializations, PB.levels, PB.locations, ("in_house", "contractor", "partner")))


@pytest.mark.parametrize("spec, level, location, model", SHAPES)
def test_every_number_shown_is_the_playbooks_and_its_own_assumptions_are_labelled(spec, level, location, model):
    req = requisition(spec, level, location, model)
    allowed = IN_PLAYBOOK | worked_out_figures(req)
    for where, text in surfaces(req).items():
        stray = shown_numbers(text) - allowed
        assert not stray, f"{where} shows {sorted(stray)}, in neither the playbook nor the estimate"
        for figures, label in assumed(req):
            if any(f in text for f in figures):
                assert label and label in text, f"{where} shows {sorted(figures)} without saying: {label!r}"


def test_the_check_can_fail():
    """An unsourced figure or an unlabelled assumption is caught (the test above is not vacuous)."""
    req = requisition("generative_ai", "junior", "remote", "in_house")
    shown = surfaces(req)
    assert shown_numbers("a bonus of $31,337") - (IN_PLAYBOOK | worked_out_figures(req)) == {"31337"}
    labels = dict((label, figures) for figures, label in assumed(req))
    assert "about 60 minutes" in labels[PB.interviews.minutes_assumption]
    assert "about 60 minutes" in shown["kit technical"] and PB.interviews.minutes_assumption in shown["kit technical"]
    assert (
        "10–16 weeks" in shown["post"] and PB.timelines.specialized_assumption in shown["post"]
    )  # a junior, specialized
    assert (
        "0-2 years" in shown["job description"] and PB.job_description.experience_assumption in shown["job description"]
    )

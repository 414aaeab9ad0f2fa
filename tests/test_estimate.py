"""Pure: the cost estimate for every level x location x hiring model, from the guide's figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from bot.flows.requisition.estimate import Money, estimate_cost, estimate_timeline

# The guide's figures, written out independently of the playbook file.
BASE = {
    "junior": (90_000, 120_000, False),
    "mid": (120_000, 160_000, False),
    "senior": (160_000, 200_000, True),
    "staff": (200_000, 250_000, True),
}
HUB = {"high_cost_hub": (Fraction("1.2"), Fraction("1.4")), "moderate": (1, 1), "remote": (1, 1)}
# The guide: remote roles still command a premium for senior talent; its size is the playbook's assumption.
REMOTE_SENIOR = (Fraction("1.05"), Fraction("1.15"))
LOADED = (Fraction("1.3"), Fraction("1.5"))
HOURLY = {"junior": (60, 100, False), "mid": (60, 100, False), "senior": (100, 180, True), "staff": (100, 180, True)}
PARTNER_MONTHLY = (6_000, 12_000)


def whole(x) -> int:
    return int(Fraction(x).limit_denominator() + Fraction(1, 2)) if Fraction(x) >= 0 else 0


def dollars(m: Money) -> tuple[int, int, bool]:
    r = m.rounded()
    return int(r.low), int(r.high), r.open_ended


@pytest.mark.parametrize("headcount", [1, 3])
@pytest.mark.parametrize("location", list(HUB))
@pytest.mark.parametrize("level", list(BASE))
def test_in_house(playbook, level, location, headcount):
    low, high, open_ended = BASE[level]
    m_low, m_high = HUB[location]
    cost = estimate_cost(playbook, level=level, location=location, hiring_model="in_house", headcount=headcount)
    assert dollars(cost.base_yearly) == (whole(low * m_low), whole(high * m_high), open_ended)
    if location == "remote" and level in ("senior", "staff"):  # beside the guide's band, never in it
        p_low, p_high = REMOTE_SENIOR
        assert dollars(cost.premium) == (whole(low * p_low), whole(high * p_high), open_ended)
    else:
        assert cost.premium is None
    yearly = (whole(low * m_low * LOADED[0]), whole(high * m_high * LOADED[1]), open_ended)
    assert dollars(cost.yearly) == yearly
    assert dollars(cost.total_yearly) == (
        whole(low * m_low * LOADED[0] * headcount),
        whole(high * m_high * LOADED[1] * headcount),
        open_ended,
    )
    assert cost.hourly is None


@pytest.mark.parametrize("location", list(HUB))
@pytest.mark.parametrize("level", list(BASE))
def test_contractor_ignores_location(playbook, level, location):
    low, high, open_ended = HOURLY[level]
    cost = estimate_cost(playbook, level=level, location=location, hiring_model="contractor", headcount=2)
    assert dollars(cost.hourly) == (low, high, open_ended)
    assert dollars(cost.yearly) == (low * 2080, high * 2080, open_ended)
    assert dollars(cost.monthly) == (whole(Fraction(low * 2080, 12)), whole(Fraction(high * 2080, 12)), open_ended)
    assert dollars(cost.total_yearly) == (low * 2080 * 2, high * 2080 * 2, open_ended)
    assert cost.base_yearly is None


@pytest.mark.parametrize("location", list(HUB))
@pytest.mark.parametrize("level", list(BASE))
def test_partner(playbook, level, location):
    cost = estimate_cost(playbook, level=level, location=location, hiring_model="partner", headcount=4)
    assert dollars(cost.monthly) == (6_000, 12_000, False)
    assert dollars(cost.yearly) == (72_000, 144_000, False)
    assert dollars(cost.total_yearly) == (288_000, 576_000, False)


def test_the_issue_example_reads_as_a_range(playbook):
    cost = estimate_cost(playbook, level="senior", location="high_cost_hub", hiring_model="in_house", headcount=1)
    assert str(cost.base_yearly) == "$192,000–$280,000+"
    assert str(Money(Decimal(5), Decimal(5))) == "$5"


def test_estimate_survives_a_round_trip_through_json(playbook):
    cost = estimate_cost(playbook, level="mid", location="remote", hiring_model="contractor", headcount=3)
    again = type(cost).from_dict(cost.as_dict())
    assert again.as_dict() == cost.as_dict()
    assert str(again.total_yearly) == str(cost.total_yearly) == "$374,400–$624,000"


def test_unknown_hiring_model_is_refused(playbook):
    with pytest.raises(ValueError):
        estimate_cost(playbook, level="mid", location="remote", hiring_model="freelance-ish", headcount=1)


@pytest.mark.parametrize(
    "level, weeks", [("junior", (6, 12)), ("mid", (6, 12)), ("senior", (10, 16)), ("staff", (10, 16))]
)
def test_timeline(playbook, level, weeks):
    today = date(2026, 11, 25)
    t = estimate_timeline(playbook, level=level, today=today, target_start=date(2027, 6, 1))
    assert (t.min_weeks, t.max_weeks) == weeks
    assert (t.earliest_offer - today).days == weeks[0] * 7 and (t.latest_offer - today).days == weeks[1] * 7
    assert not t.start_too_soon
    soon = estimate_timeline(playbook, level=level, today=today, target_start=date(2026, 12, 1))
    assert soon.start_too_soon


def test_specialized_roles_and_other_hiring_models_get_their_own_timelines(playbook):
    today, start = date(2026, 11, 25), date(2027, 6, 1)

    def weeks(**kw):
        t = estimate_timeline(playbook, today=today, target_start=start, **kw)
        return (t.min_weeks, t.max_weeks), t.basis, t.assumption

    assert weeks(level="mid", specialization="nlp") == ((6, 12), "from screening to offer", None)
    assert weeks(level="mid", specialization="generative_ai")[:2] == (
        (10, 16),
        "from screening to offer (a specialized role)",
    )
    assert weeks(level="junior", specialization="ml_infrastructure")[0] == (10, 16)
    contractor = weeks(level="senior", specialization="nlp", hiring_model="contractor")
    assert contractor[0] == (2, 6) and "contractor" in contractor[1] and "assumed" in contractor[2]
    assert weeks(level="staff", hiring_model="partner")[0] == (2, 4)


def test_every_figure_the_guide_does_not_give_is_labelled(playbook):
    def notes(level, location, model="in_house"):
        return estimate_cost(playbook, level=level, location=location, hiring_model=model, headcount=1).assumptions

    by_specialization = playbook.cost_notes.specialization  # the guide: pay varies by it, with no figures
    assert notes("senior", "high_cost_hub") == (by_specialization,)  # otherwise the guide's band and hub uplift
    assert len(notes("mid", "moderate")) == 2 and len(notes("mid", "remote")) == 2
    [remote_senior, _] = notes("senior", "remote")  # one statement: the national band as it is, the premium beside it
    assert "national one as it is" in remote_senior and "+5–15% is an assumed size" in remote_senior
    assert "not added to it" in remote_senior
    assert any("2,080" in n for n in notes("mid", "remote", "contractor"))
    assert any("every level" in n for n in notes("mid", "remote", "partner"))
    hub = estimate_cost(playbook, level="senior", location="high_cost_hub", hiring_model="in_house", headcount=1)
    assert (str(hub.band), hub.uplift) == ("$160,000–$200,000+", "× 1.2–1.4 (high-cost hub)")

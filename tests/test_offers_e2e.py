"""End to end: offers after a Hire, placed against the band, approved when above it, accepted (the
requisition fills and onboarding is prepared), declined or expired."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.flows.offers import ids
from bot.flows.offers.bands import ABOVE, ABOVE_LISTED, BELOW, WITHIN, band_for, needs_approval
from bot.flows.offers.nudges import EXPIRED, EXPIRING
from bot.models import Nudge, Offer, PreparedOnboarding, Requisition
from tests.support.interviews import APPROVER, HM, OUTSIDER, at_once
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.offers import OFFER, accept, button_to, hired, open_offer, press
from tests.support.requisitions import action_values, approved, text_of
from tests.support.workspace import ADMIN, HIRING_CHANNEL
from tests.support.workspace import sweeper as make_sweeper

# the same in single-token mode and installed through OAuth (tests/conftest.py)
pytestmark = pytest.mark.both_modes


def refusal(fake_slack) -> str:
    return fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]


def the_offer(session) -> Offer:
    offer = session.scalars(select(Offer).order_by(Offer.id.desc())).first()
    session.refresh(offer)
    return offer


def channel_text(fake_slack) -> str:
    return json.dumps(
        [p for p in fake_slack.called("chat.postMessage") if p["channel"] == HIRING_CHANNEL]
    ) + json.dumps([u for u in fake_slack.called("chat.update") if u["channel"] == HIRING_CHANNEL])


@pytest.mark.parametrize(
    "salary, placement, says",
    [("205000", WITHIN, "within the band"), ("150,000", BELOW, "scarce and among the best-paid")],
)
def test_an_offer_within_or_below_the_band_is_extended_at_once(
    slack, fake_slack, session, people, salary, placement, says
):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    view = open_offer(slack, fake_slack, candidate)
    assert "$192,000–$280,000+" in text_of(view)  # the band beside the inputs
    assert slack.submit(view, OFFER | {ids.BASE: salary}, user=HM).body == ""
    offer = the_offer(session)
    assert (offer.status, offer.placement, offer.base_salary) == ("extended", placement, int(salary.replace(",", "")))
    out = fake_slack.posts_to(HM)[-1]
    assert says in text_of(out) and {ids.ACCEPTED, ids.DECLINED} <= set(action_values(out))
    assert fake_slack.posts_to(APPROVER)[-1].get("text", "").startswith("Offer") is False
    session.refresh(candidate)
    card = fake_slack.message(candidate.card_channel, candidate.card_ts)
    assert "Offer extended" in text_of(card)
    assert "205,000" not in channel_text(fake_slack) and "150,000" not in channel_text(fake_slack)
    expiring = session.scalars(select(Nudge).where(Nudge.kind == EXPIRING)).one()
    assert expiring.recipient_id == HM and expiring.status == "pending"


def test_above_the_band_goes_to_the_approver_and_two_deciders_cannot_both_win(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    assert slack.submit(open_offer(slack, fake_slack, candidate), OFFER | {ids.BASE: "300000"}, user=HM).body == ""
    offer = the_offer(session)
    # a senior band at a hub is $192,000–$280,000+: open at the top, so above its listed figure, not "above the band"
    assert (offer.status, offer.placement, offer.approver_id) == ("pending_approval", ABOVE_LISTED, APPROVER)
    request = fake_slack.posts_to(APPROVER)[-1]
    assert "above the listed figure of an open band" in text_of(request) and "$300,000" in text_of(request)
    assert "above the band" not in text_of(request)
    value = action_values(request)[ids.APPROVE]

    press(slack, HM, ids.APPROVE, value)
    assert "not yours to approve" in refusal(fake_slack)
    answers = at_once([lambda u=u: press(slack, u, ids.APPROVE, value) for u in (APPROVER, ADMIN)])
    assert all(a.status == 200 for a in answers)
    offer = the_offer(session)
    assert offer.status == "extended" and offer.decided_by in (APPROVER, ADMIN)
    assert "already extended" in refusal(fake_slack)
    assert action_values(fake_slack.message(offer.approval_channel_id, offer.approval_ts)) == {}
    assert ids.ACCEPTED in action_values(fake_slack.posts_to(HM)[-1])


@pytest.mark.every_button
def test_a_rejected_offer_tells_why_and_a_new_one_can_be_made(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    slack.submit(open_offer(slack, fake_slack, candidate), OFFER | {ids.BASE: "300000"}, user=HM)
    press(slack, APPROVER, ids.REJECT, button_to(fake_slack, APPROVER, ids.REJECT))
    modal = fake_slack.called("views.open")[-1]["view"]
    assert slack.submit(modal, {ids.REJECT_REASON: None}, user=APPROVER).json()["errors"]
    assert slack.submit(modal, {ids.REJECT_REASON: "Stay within the band"}, user=APPROVER).body == ""
    assert the_offer(session).status == "rejected"
    assert "Stay within the band" in fake_slack.posts_to(HM)[-1]["text"]
    assert slack.submit(open_offer(slack, fake_slack, candidate), OFFER, user=HM).body == ""
    assert the_offer(session).status == "extended"


@pytest.mark.parametrize(
    "values, block, says",
    [
        ({ids.BASE: "lots"}, ids.BASE, "whole number"),
        ({ids.BASE: "0"}, ids.BASE, "from 1 to 10,000,000"),
        ({ids.BASE: "-5"}, ids.BASE, "from 1 to 10,000,000"),
        ({ids.BASE: "10000001"}, ids.BASE, "from 1 to 10,000,000"),
        ({ids.BASE: "185000.50"}, ids.BASE, "whole number"),
        ({ids.START: "2026-11-20"}, ids.START, "today or later"),
        ({ids.EXPIRES: "2026-11-20"}, ids.EXPIRES, "today or later"),
        ({ids.EXPIRES: "2027-03-02"}, ids.EXPIRES, "on or before the start"),
        ({ids.SIGN_ON: "-5000"}, ids.SIGN_ON, "whole number of dollars"),
        ({ids.SIGN_ON: "lots"}, ids.SIGN_ON, "whole number of dollars"),
    ],
)
def test_bad_offers_are_refused_inline(slack, fake_slack, session, people, values, block, says):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    answer = slack.submit(open_offer(slack, fake_slack, candidate), OFFER | values, user=HM).json()
    assert says in answer["errors"][block]
    assert session.scalars(select(Offer)).all() == []


def test_every_problem_of_an_offer_form_is_answered_at_once_and_a_sign_on_is_kept_in_dollars(
    slack, fake_slack, session, people
):
    """Case 10 of issue 33: a bad salary hid the date errors until a second submission; "-5000" was a sign-on."""
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    view = open_offer(slack, fake_slack, candidate)
    bad = {ids.BASE: "lots", ids.SIGN_ON: "-5000", ids.START: "2026-11-20", ids.EXPIRES: "2026-11-20"}
    errors = slack.submit(view, OFFER | bad, user=HM).json()["errors"]
    assert set(errors) == {ids.BASE, ids.SIGN_ON, ids.START, ids.EXPIRES}, errors
    assert slack.submit(view, OFFER | {ids.SIGN_ON: "$20,000"}, user=HM).body == ""
    assert session.scalars(select(Offer)).one().sign_on == "$20,000"


def test_who_may_offer_and_to_whom(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    undecided = hired(session, req, name="Alan Turing", decision=None)
    assert open_offer(slack, fake_slack, undecided) == {}
    assert "needs a Hire decision" in refusal(fake_slack)
    candidate = hired(session, req)
    assert open_offer(slack, fake_slack, candidate, user=OUTSIDER) == {}
    assert "Only the hiring manager or an admin can prepare or record an offer" in refusal(fake_slack)
    view = open_offer(slack, fake_slack, candidate)
    forged = slack.submit(view, OFFER, user=OUTSIDER).json()
    assert "Only the hiring manager or an admin" in forged["errors"][ids.BASE]
    assert slack.submit(view, OFFER, user=HM).body == ""
    second = slack.submit(view | {"id": "VAGAIN"}, OFFER, user=HM).json()
    assert "already has an offer that is extended" in second["errors"][ids.BASE]
    assert len(session.scalars(select(Offer)).all()) == 1


def pressed_too_late(slack, fake_slack, action_id=ids.ACCEPTED, user=HM) -> str:
    """Press an offer's answer button after the offer moved on: no form opens; what the person is told."""
    opened = len(fake_slack.called("views.open"))
    press(slack, user, action_id, button_to(fake_slack, HM, action_id))
    assert len(fake_slack.called("views.open")) == opened, "a form opened for an offer that cannot take it"
    return refusal(fake_slack)


def test_accepted_fills_the_requisition_announces_without_amounts_and_prepares_onboarding(
    slack, fake_slack, session, people
):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    slack.submit(open_offer(slack, fake_slack, candidate), OFFER, user=HM)
    assert "email address" in accept(slack, fake_slack, email="not an email").json()["errors"][ids.EMAIL]
    assert accept(slack, fake_slack, email="Grace@Example.org").body == ""
    offer, req = the_offer(session), session.get(Requisition, req.id)
    session.refresh(req)
    assert (offer.status, offer.new_hire_email, req.filled, req.status) == (
        "accepted",
        "grace@example.org",
        1,
        "approved",
    )
    announced = [p for p in fake_slack.called("chat.postMessage") if "accepted, starting" in (p.get("text") or "")]
    assert len(announced) == 1 and announced[0]["text"].endswith("Grace Hopper accepted, starting 1 March 2027.")
    assert "205,000" not in channel_text(fake_slack)
    assert "filled 1 of 2" in text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    prepared = session.scalars(select(PreparedOnboarding)).one()
    assert (prepared.status, prepared.manager_id, str(prepared.start_date), prepared.specialization) == (
        "waiting",
        HM,
        "2027-03-01",
        "nlp",
    )
    assert "grace@example.org" in fake_slack.posts_to(HM)[-1]["text"]
    # the hiring manager's DM says it once: the offer message now says who recorded the answer, and the prepared
    # onboarding comes once, as its own message
    dm = fake_slack.dm_channel(HM)
    shown = [m.get("text") or "" for (c, _), m in fake_slack.messages.items() if c == dm]
    assert sum("Onboarding for Grace Hopper is prepared" in t for t in shown) == 1, shown
    assert sum("accepted the offer" in t and f"<@{HM}> recorded it" in t for t in shown) == 1, shown
    assert "already recorded as accepted by <@" in pressed_too_late(slack, fake_slack)
    session.refresh(req)
    assert req.filled == 1


def test_two_accepts_racing_for_the_last_place_exactly_one_wins(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    req.headcount = 1
    session.commit()
    values = []
    for name in ("Grace Hopper", "Katherine Johnson"):
        candidate = hired(session, req, name=name)
        slack.submit(open_offer(slack, fake_slack, candidate), OFFER, user=HM)
        values.append(button_to(fake_slack, HM, ids.ACCEPTED))
    modals = []
    for value in values:
        press(slack, HM, ids.ACCEPTED, value)
        modals.append(fake_slack.called("views.open")[-1]["view"])
    emails = ("grace@example.org", "katherine@example.org")
    answers = at_once(
        [lambda m=m, e=e: slack.submit(m, {ids.EMAIL: e}, user=HM) for m, e in zip(modals, emails, strict=True)]
    )
    bodies = sorted(a.body for a in answers)
    # the loser is told the requisition filled: at its count ("no place left"), or, when the winner's commit
    # came first, because the winner's filling withdrew its offer
    assert bodies[0] == "" and "is filled" in json.loads(bodies[1])["errors"][ids.EMAIL]
    session.expire_all()
    assert sorted(o.status for o in session.scalars(select(Offer))) == ["accepted", "withdrawn"]
    req = session.get(Requisition, req.id)
    assert (req.filled, req.status) == (1, "filled")
    assert len(session.scalars(select(PreparedOnboarding)).all()) == 1


@pytest.mark.every_button
def test_declined_records_the_reason(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    slack.submit(open_offer(slack, fake_slack, candidate), OFFER, user=HM)
    press(slack, HM, ids.DECLINED, button_to(fake_slack, HM, ids.DECLINED))
    modal = fake_slack.called("views.open")[-1]["view"]
    assert slack.submit(modal, {ids.DECLINE_REASON: "other_offer"}, user=HM).body == ""
    offer = the_offer(session)
    assert (offer.status, offer.decline_reason) == ("declined", "other_offer")
    assert "took another offer" in fake_slack.posts_to(HM)[-1]["text"]
    assert pressed_too_late(slack, fake_slack).startswith("This offer was already recorded as declined")


@pytest.mark.every_button
def test_the_expiry_nudge_and_the_automatic_expiry(
    slack, fake_slack, session, session_factory, settings, playbook, people, clock
):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    slack.submit(open_offer(slack, fake_slack, candidate), OFFER, user=HM)  # expires Friday 4 December
    sweeper = make_sweeper(session_factory, settings, playbook)
    clock.now = datetime(2026, 12, 3, 12, tzinfo=timezone.utc)  # Thursday, after 10:00 in the HM's zone (UTC)
    sweeper.run(clock.now)
    warned = [p for p in fake_slack.posts_to(HM) if "expires on 04 Dec 2026" in (p.get("text") or "")]
    assert len(warned) == 1
    clock.now = datetime(2026, 12, 4, 12, tzinfo=timezone.utc)
    assert sweeper.run(clock.now).expired == 0  # not before the day is over
    clock.now += timedelta(days=1)
    assert sweeper.run(clock.now).expired == 1
    assert the_offer(session).status == "expired"
    sweeper.run(clock.now + timedelta(days=3))  # the notice is due in the HM's working hours
    told = [p for p in fake_slack.posts_to(HM) if "expired on 04 Dec 2026" in (p.get("text") or "")]
    assert len(told) == 1
    assert session.scalars(select(Nudge).where(Nudge.kind == EXPIRED)).one().status == "sent"
    assert "already expired" in pressed_too_late(slack, fake_slack)


def test_a_remote_senior_offer_is_placed_against_the_guides_band_with_the_premium_beside_it(
    slack, fake_slack, session, people
):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    form = open_offer(slack, fake_slack, candidate)
    shown = text_of(form)
    assert "Remote: $160,000–$200,000+ (with the assumed premium: $168,000–$230,000+)" in shown
    assert "+5–15% is an assumed size" in shown and "playbook warns" not in shown
    assert slack.submit(form, OFFER | {ids.BASE: "165000", ids.LOCATION: "remote"}, user=HM).body == ""
    offer = the_offer(session)
    assert (offer.placement, offer.status, offer.band_low, offer.band_high) == (WITHIN, "extended", 160_000, 200_000)


def test_below_the_band_warns_without_claims_the_guide_does_not_make(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    slack.submit(
        open_offer(slack, fake_slack, candidate), OFFER | {ids.BASE: "150000", ids.LOCATION: "remote"}, user=HM
    )
    offer = the_offer(session)
    assert (offer.placement, offer.status) == (BELOW, "extended")
    said = text_of(fake_slack.posts_to(HM)[-1])
    assert "below the band" in said and "scarce and among the best-paid" in said and "playbook warns" not in said


def test_band_placement_for_every_level_location_and_hiring_model(playbook):
    for level in playbook.levels:
        for location in playbook.locations:
            band = band_for(playbook, level, location)
            assert band.low < band.high
            assert [
                band.place(band.low - 1),
                band.place(band.low),
                band.place(band.high),
                band.place(band.high + 1),
            ] == [
                BELOW,
                WITHIN,
                WITHIN,
                ABOVE_LISTED if band.open_top else ABOVE,
            ]
            for model in ("in_house", "contractor", "partner"):
                within = needs_approval(band.place(band.low), model)
                assert (within is None) == (model == "in_house")
                assert needs_approval(ABOVE, model) == "the base salary is above the band"
                assert "listed figure of an open band" in needs_approval(ABOVE_LISTED, model)
    assert str(band_for(playbook, "senior", "high_cost_hub")) == "$192,000–$280,000+"
    assert str(band_for(playbook, "junior", "remote")) == "$90,000–$120,000"
    assert str(band_for(playbook, "senior", "remote")) == "$160,000–$200,000+"  # the guide's band, no premium in it
    assert band_for(playbook, "senior", "remote").place(165_000) == WITHIN


@pytest.mark.every_button
def test_a_withdrawn_offer_cannot_be_accepted_and_a_new_one_can_be_made(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    slack.submit(open_offer(slack, fake_slack, candidate), OFFER, user=HM)
    press(slack, HM, ids.ACCEPTED, button_to(fake_slack, HM, ids.ACCEPTED))
    open_form = fake_slack.called("views.open")[-1]["view"]  # the accept form, open while the offer is withdrawn
    value = button_to(fake_slack, HM, ids.WITHDRAW)
    press(slack, OUTSIDER, ids.WITHDRAW, value)
    assert "Only the hiring manager or an admin" in refusal(fake_slack)
    press(slack, HM, ids.WITHDRAW, value)
    assert the_offer(session).status == "withdrawn"
    assert "already withdrawn" in pressed_too_late(slack, fake_slack)
    late = slack.submit(open_form, {ids.EMAIL: "grace@example.org"}, user=HM).json()
    assert "already withdrawn" in late["errors"][ids.EMAIL]
    session.refresh(req)
    assert req.filled == 0
    assert slack.submit(open_offer(slack, fake_slack, candidate), OFFER | {ids.BASE: "210000"}, user=HM).body == ""
    assert [o.status for o in session.scalars(select(Offer).order_by(Offer.id))] == ["withdrawn", "extended"]


def test_an_in_house_offer_on_a_contractor_requisition_goes_to_the_approver(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    req.hiring_model = "contractor"
    session.commit()
    candidate = hired(session, req)
    assert slack.submit(open_offer(slack, fake_slack, candidate), OFFER, user=HM).body == ""  # within the band
    offer = the_offer(session)
    assert (offer.status, offer.placement, offer.approver_id) == ("pending_approval", WITHIN, APPROVER)
    assert "in-house offer on a requisition approved for a contractor hire" in text_of(
        fake_slack.posts_to(APPROVER)[-1]
    )

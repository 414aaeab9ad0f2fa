"""Helpers shared by the test modules (test_joining_e2e, test_offers_e2e)."""

from __future__ import annotations

from sqlalchemy import select

from bot.flows.interviews import team
from bot.flows.interviews.ids import CandidateRef
from bot.flows.offers import ids
from bot.models import Candidate, PreparedOnboarding, Requisition
from tests.support.interviews import HM
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.requisitions import action_values, approved

OFFER = {ids.BASE: "205000", ids.START: "2027-03-01", ids.LOCATION: "high_cost_hub", ids.EXPIRES: "2026-12-04"}


def hired(session, req: Requisition, name="Grace Hopper", decision="hire") -> Candidate:
    """A candidate with a recorded decision (the loop itself is tested elsewhere)."""
    candidate = Candidate(
        requisition_id=req.id,
        name=name,
        profile_url="https://example.org/grace",
        source="referral",
        added_by=HM,
        screen_signals=[],
        status="hired" if decision == "hire" else "active",
        decision=decision,
        decided_by=HM,
        created_at=req.created_at,
    )
    session.add(candidate)
    session.flush()
    team.refresh(session, [candidate.id])
    session.commit()
    return candidate


def open_offer(slack, fake_slack, candidate: Candidate, user=HM) -> dict:
    before = len(fake_slack.called("views.open"))
    press(slack, user, ids.PREPARE, CandidateRef(candidate_id=candidate.id).dump())
    opened = fake_slack.called("views.open")
    return opened[-1]["view"] if len(opened) > before else {}


def press(slack, user, action_id, value):
    return slack.click(user=user, action_id=action_id, block_id="b", channel="D0X", message_ts="1.1", value=value)


def button_to(fake_slack, user, action_id) -> str:
    for post in reversed(fake_slack.posts_to(user)):
        if action_id in action_values(post) if post.get("blocks") else False:
            return action_values(post)[action_id]
    raise AssertionError(f"no {action_id} sent to {user}")


def accept(slack, fake_slack, user=HM, email="grace@example.org", value=None):
    press(slack, user, ids.ACCEPTED, value or button_to(fake_slack, HM, ids.ACCEPTED))
    modal = fake_slack.called("views.open")[-1]["view"]
    return slack.submit(modal, {ids.EMAIL: email}, user=user)


GRACE, EMAIL = "U0GRACE", "grace@example.org"


def accepted(slack, fake_slack, session, start="2027-03-01", expires="2026-12-04"):
    req = approved(slack, fake_slack, session)
    candidate = hired(session, req)
    slack.submit(open_offer(slack, fake_slack, candidate), OFFER | {ids.START: start, ids.EXPIRES: expires}, user=HM)
    assert accept(slack, fake_slack, email=EMAIL).body == ""
    return req, session.scalars(select(PreparedOnboarding)).one()


def grace(fake_slack, email=EMAIL) -> dict:
    user = {"id": GRACE, "tz": "UTC", "is_bot": False, "deleted": False, "profile": {"email": email}}
    fake_slack.users[GRACE] = user
    return user


def joined_messages(fake_slack) -> list[dict]:
    return [p for p in fake_slack.posts_to(HM) if "joined Slack" in (p.get("text") or "")]

"""Flows against the real database: creation, decisions under contention, listing."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.config import Settings
from bot.errors import Conflict, FormErrors, NotAllowed
from bot.flows.requisition import service
from bot.flows.requisition.forms import IntakeForm
from bot.models import RequisitionStatus
from tests.support.builders import valid_intake

NOW = datetime(2026, 11, 25, 15, tzinfo=timezone.utc)
ADMINS = frozenset({"U0ADMIN"})


def intake(**kw) -> IntakeForm:
    return valid_intake(
        **(
            dict(
                specialization="computer_vision",
                level="mid",
                hiring_model="partner",
                headcount=3,
                target_start=date(2027, 3, 1),
                stage="experimental",
                work="training",
                mlops="low",
            )
            | kw
        )
    )


SETTINGS = Settings(bot_admins=ADMINS)


def create(session, playbook, **kw):
    req = service.create_requisition(
        session, playbook, SETTINGS, intake(**kw), hiring_manager=kw.pop("hm", "U0HM"), today=NOW.date(), now=NOW
    )
    session.commit()
    return req


def test_created_requisition_keeps_its_estimate_snapshot(session, playbook):
    req = create(session, playbook)
    assert req.id and req.status == "pending_approval"
    assert req.estimate["cost"]["total_yearly"] == {"low": 216000, "high": 432000, "open_ended": False}
    assert req.estimate["timeline"]["min_weeks"] == 2  # a partner requisition: the partner's own (assumed) weeks
    assert req.estimate["timeline"]["assumption"] and req.estimate["cost"]["assumptions"]
    assert req.created_at == NOW


def test_two_deciders_at_once_only_one_wins(session_factory, playbook):
    with session_factory() as s:
        req_id = create(s, playbook).id
    first, second = session_factory(), session_factory()
    try:
        stale = service.get_requisition(second, req_id)  # loaded while still pending
        assert stale.status == "pending_approval"
        service.decide(
            first,
            req_id,
            actor="U0APPROVER",
            decision=RequisitionStatus.APPROVED,
            reason=None,
            admins=ADMINS,
            now=NOW,
            playbook=playbook,
        )
        first.commit()
        with pytest.raises(Conflict, match=r"already decided \(approved\) by <@U0APPROVER>"):
            service.decide(
                second,
                req_id,
                actor="U0ADMIN",
                decision=RequisitionStatus.REJECTED,
                reason="late",
                admins=ADMINS,
                now=NOW,
                playbook=playbook,
            )
        second.rollback()
    finally:
        first.close()
        second.close()
    with session_factory() as s:
        req = service.get_requisition(s, req_id)
        assert (req.status, req.decided_by, req.decision_reason) == ("approved", "U0APPROVER", None)


def test_outsiders_cannot_decide_and_reasons_are_required(session, playbook):
    req = create(session, playbook)
    with pytest.raises(NotAllowed, match="not yours to approve"):
        service.decide(
            session,
            req.id,
            actor="U0OTHER",
            decision=RequisitionStatus.APPROVED,
            reason=None,
            admins=ADMINS,
            now=NOW,
            playbook=playbook,
        )
    with pytest.raises(FormErrors):
        service.decide(
            session,
            req.id,
            actor="U0APPROVER",
            decision=RequisitionStatus.REJECTED,
            reason="  ",
            admins=ADMINS,
            now=NOW,
            playbook=playbook,
        )
    session.rollback()
    assert service.get_requisition(session, req.id).status == "pending_approval"


def test_list_is_newest_first_limited_and_counted(session, playbook):
    for i in range(25):
        create(session, playbook, approver="U0APPROVER" if i % 2 else "U0OTHER")
    mine = service.list_for_user(session, "U0HM")
    assert mine.total == 25 and len(mine.rows) == service.LIST_LIMIT
    assert [r.id for r in mine.rows] == sorted((r.id for r in mine.rows), reverse=True)
    approving = service.list_for_user(session, "U0APPROVER")
    assert approving.total == 12
    assert service.list_for_user(session, "U0NOBODY").total == 0
    assert service.list_for_user(session, "U0NOBODY", everyone=True).total == 25


def test_ml_req_text_is_parsed_into_one_typed_request():
    from bot.flows.requisition.command import ReqRequest, parse

    assert parse(None) == parse("  ") == ReqRequest("open")
    assert parse("HELP") == ReqRequest("help")
    assert parse("list") == ReqRequest("list") and parse("list all") == ReqRequest("list", everyone=True)
    assert parse("show 12") == parse("show #12") == ReqRequest("show", requisition_id=12)
    assert parse("show twelve") == ReqRequest("bad_number", typed="twelve")
    assert parse("show 0").action == parse("show 99999999999").action == "bad_number"
    assert parse("list everything") == ReqRequest("unknown", typed="list everything")
    assert parse("show 1 2").action == "unknown"


def test_the_assessment_follows_the_headcount_and_the_start_date_as_they_change(session, playbook):
    """The estimate is kept as the approver saw it per engineer, but its total is for today's headcount and
    its start-date warning for today's target start (Change headcount moves both)."""
    req = create(session, playbook, hiring_model="in_house", headcount=3, target_start=date(2026, 12, 7))
    before = service.assess(playbook, req)
    assert before.cost.headcount == 3 and before.timeline.start_too_soon
    req.headcount, req.target_start = 1, date(2028, 1, 3)
    after = service.assess(playbook, req)
    assert after.cost.headcount == 1 and after.cost.yearly == before.cost.yearly
    assert after.cost.total_yearly == before.cost.yearly.times(1) != before.cost.total_yearly
    assert not after.timeline.start_too_soon
    assert req.estimate["cost"]["headcount"] == 3  # the snapshot itself is kept as it was


def test_the_timeline_is_counted_from_the_submission_then_from_the_approval(session, playbook):
    req = create(session, playbook, hiring_model="in_house")
    waiting = service.assess(playbook, req).timeline
    assert (waiting.counted_from_what, waiting.counted_from) == ("submission", NOW.date())
    service.decide(
        session, req.id, actor="U0APPROVER", decision=RequisitionStatus.APPROVED, reason=None, admins=ADMINS,
        now=datetime(2027, 1, 20, 10, tzinfo=timezone.utc), playbook=playbook,
    )  # fmt: skip
    approved = service.assess(playbook, req).timeline
    assert (approved.counted_from_what, approved.counted_from) == ("approval", date(2027, 1, 20))
    assert approved.earliest_offer - waiting.earliest_offer == date(2027, 1, 20) - NOW.date()

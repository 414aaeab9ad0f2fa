"""Helpers shared by the requisition test modules: the intake as a person fills it, approvals, lifecycle."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from bot.flows.requisition import ids
from bot.models import PlanStage, Requisition
from tests.support.builders import READY
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.workspace import HIRING_CHANNEL

HM, APPROVER, OUTSIDER = "U0HM", "U0APPROVER", "U0OUTSIDER"


INTAKE = {
    ids.SPECIALIZATION: "nlp",
    ids.LEVEL: "senior",
    ids.LOCATION: "high_cost_hub",
    ids.HIRING_MODEL: "in_house",
    ids.HEADCOUNT: "2",
    ids.TARGET_START: "2027-06-01",
    ids.STAGE: "production",
    ids.WORK: "both",
    ids.MLOPS: "moderate",
    ids.TOOLS: "PyTorch, MLflow <and> Kubernetes",
    ids.DOMAIN: "payments fraud",
    ids.APPROVER: APPROVER,
    ids.CHANNEL: HIRING_CHANNEL,
} | {ids.readiness_block(k): "yes" for k in READY}


def open_intake(slack, fake_slack, user=HM) -> dict:
    response = slack.command(ids.COMMAND, "", user=user)
    assert response.status == 200
    return fake_slack.called("views.open")[-1]["view"]


def submit(slack, fake_slack, values=None, user=HM):
    view = open_intake(slack, fake_slack, user)
    return slack.submit(view, INTAKE | (values or {}), user=user)


def text_of(message: dict) -> str:
    return json.dumps(message.get("blocks") or [], ensure_ascii=False) + (message.get("text") or "")


def action_values(message: dict) -> dict[str, str]:
    return {e["action_id"]: e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]}


def approved(slack, fake_slack, session) -> Requisition:
    """Submitted and approved through Slack (so it has its channel post), one interview stage."""
    submit(slack, fake_slack)
    req = session.scalars(select(Requisition)).one()
    value = action_values(fake_slack.message(req.approval_channel_id, req.approval_ts))[ids.APPROVE]
    press(slack, APPROVER, ids.APPROVE, value, req)
    session.execute(
        update(PlanStage)
        .where(PlanStage.requisition_id == req.id, PlanStage.stage_key != "technical")
        .values(active=False)
    )
    session.commit()
    session.refresh(req)
    return req


def press(slack, user, action_id, value, req):
    return slack.click(
        user=user,
        action_id=action_id,
        block_id=ids.DECISION_ACTIONS,
        channel=HIRING_CHANNEL,
        message_ts=req.post_ts or "1.1",
        value=value,
    )


REF = ids.RequisitionRef


def requisition(session) -> Requisition:
    req = session.scalars(select(Requisition)).one()
    session.refresh(req)
    return req


def decide(slack, fake_slack, req: Requisition, action: str, *, user=APPROVER, value=None, reason=None):
    answer = slack.click(
        user=user,
        action_id=action,
        block_id=ids.DECISION_ACTIONS,
        channel=req.approval_channel_id,
        message_ts=req.approval_ts,
        value=value or action_values(fake_slack.message(req.approval_channel_id, req.approval_ts))[action],
    )
    if reason is not None:
        modal = fake_slack.called("views.open")[-1]["view"]
        return slack.submit(modal, {ids.REASON: reason}, user=user)
    return answer


def open_revise(slack, fake_slack, req: Requisition, user=HM) -> dict:
    before = len(fake_slack.called("views.open"))
    slack.click(
        user=user,
        action_id=ids.REVISE,
        block_id=ids.DECISION_ACTIONS,
        channel=HIRING_CHANNEL,
        message_ts=req.post_ts,
        value=REF(requisition_id=req.id).dump(),
    )
    opened = fake_slack.called("views.open")
    return opened[-1]["view"] if len(opened) > before else {}


def action_ids(blocks) -> set[str]:
    return {e.get("action_id") for b in blocks or [] for e in b.get("elements", []) if b.get("type") == "actions"} | {
        (b.get("accessory") or {}).get("action_id") for b in blocks or []
    } - {None}


def as_posted(fake_slack, to: str, action_id: str, without: str | None = None) -> dict:
    """The newest message posted to `to` (a person or a channel) carrying `action_id` (and not `without`), as
    it was first posted: what a person with an old copy of it still sees."""
    channel = fake_slack.dm_channel(to) if to[:1] in "UW" else to
    calls = fake_slack.posts_to(to)
    stored = [ts for (c, ts) in fake_slack.messages if c == channel]
    for params, ts in reversed(list(zip(calls, stored, strict=False))):
        if action_id in action_ids(params.get("blocks")) and without not in action_ids(params.get("blocks")):
            return {"channel": channel, "ts": ts, "text": params.get("text"), "blocks": params["blocks"]}
    raise AssertionError(f"nothing with {action_id} was posted to {to}")


def press_on(slack, user: str, message: dict, action_id: str):
    """`user` presses `action_id` on `message` as they see it; Slack includes the message in the payload."""
    for block in message["blocks"]:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return slack.click(
                    user=user,
                    action_id=action_id,
                    value=element["value"],
                    block_id=block["block_id"],
                    channel=message["channel"],
                    message_ts=message["ts"],
                    message=message,
                )
    raise AssertionError(f"{action_id} is not on that message")

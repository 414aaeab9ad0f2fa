"""/ml-candidate, adding candidates, the interview plan, and assigning interviewers."""

from __future__ import annotations

import re
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects import interviews as notify
from bot.effects import nudges as nudge_effects
from bot.flows import access
from bot.flows.interviews import forms, ids, loop, privacy, service
from bot.flows.requisition.ids import RequisitionRef
from bot.flows.requisition.service import get_by_number, get_requisition, requisition_numbers
from bot.models import InterviewStatus
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.requests.runner import Reply, accept_form, listener
from bot.slack import look_up, tell_if_not_people, unverified
from bot.ui import debrief as debrief_ui
from bot.ui import interviews as ui
from bot.ui import plan as plan_ui


def register(app: App) -> None:
    app.command(ids.COMMAND)(on_command)
    app.action(ids.ADD_CANDIDATE)(on_add_candidate)
    app.view(ids.CANDIDATE_CALLBACK)(on_candidate)
    app.action(ids.EDIT_PLAN)(on_edit_plan)
    app.view(ids.PLAN_CALLBACK)(on_plan)
    app.action(ids.ASSIGN)(on_open_assign)
    app.action({"action_id": ids.VALUE, "block_id": re.compile("^" + ids.STAGE_PREFIX)})(on_pick_interviewer)
    app.view(ids.ASSIGN_CALLBACK)(on_assign)
    app.action(ids.ERASE)(on_erase)


def _ephemeral(ack, text: str, blocks: list[dict] | None = None) -> None:
    ack(text=text, blocks=blocks, response_type="ephemeral") if blocks else ack(text=text, response_type="ephemeral")


@listener
def on_command(
    ack,
    command: dict,
    trigger_id: str,
    actor: str,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
    respond,
    now: datetime,
):
    text = (command.get("text") or "").strip()
    words, user, admins = text.split(), actor, settings.bot_admins
    if not words:
        requisitions = service.approved_requisitions(db, user, admins)
        if not requisitions:
            _ephemeral(
                ack,
                "You have no approved requisition to add candidates to: candidates join approved "
                "requisitions, added by their hiring manager or an admin. Open one with `/ml-req`.",
            )
            return
        ack()
        client.views_open(trigger_id=trigger_id, view=ui.candidate_modal(playbook, requisitions))
        return
    verb = words[0].lower()
    if verb == "list" and (len(words) == 1 or (len(words) == 2 and words[1].lstrip("#").isdigit())):
        number = int(words[1].lstrip("#")) if len(words) == 2 else None
        req_id = get_by_number(db, number).id if number is not None else None
        rows = service.candidates_for(db, user, admins, req_id)
        numbers = requisition_numbers(db, [c.requisition_id for c in rows])
        counts = service.stage_counts(db, [c.id for c in rows])
        _ephemeral(ack, *debrief_ui.list_message(playbook, rows, counts, numbers))
        return
    if verb in ("show", "export", "erase") and len(words) > 1:
        candidate = _one(ack, db, text.split(None, 1)[1], user, admins)
        if candidate is None:
            return
        candidate, req = service.get_candidate(db, candidate.id)
        if verb == "show":
            panel, cards = service.interviews(db, candidate.id), service.scorecards(db, candidate.id)
            with_scores = service.may_see_scores(req, panel, cards, user, admins)
            _ephemeral(ack, *debrief_ui.show_message(playbook, candidate, req, panel, cards, with_scores))
        elif verb == "export":
            data = privacy.export(db, candidate.id, user=user, admins=admins, now=now)

            def send():
                if not notify.send_export(client, db, candidate, data, user=user, now=now):
                    respond(text="I could not send the export file; try again in a minute.", response_type="ephemeral")

            sending = f"Sending you everything held about {escape(candidate.name)} as a JSON file by DM."
            return Reply(ack={"text": sending, "response_type": "ephemeral"}, then=send)
        else:
            access.check_may_manage(req, user, admins, "data")
            _ephemeral(ack, *ui.erase_prompt(candidate))
        return
    prefix = "" if verb == "help" else f"I don't know `{escape(text)[:100]}`.\n"
    _ephemeral(ack, prefix + ui.USAGE)


def _one(ack, db: Session, name: str, user: str, admins: frozenset[str]):
    """The one candidate on the user's hiring teams called `name`, or None after telling them why."""
    found = service.find_by_name(db, name, user, admins)
    if len(found) == 1:
        return found[0]
    if not found:
        _ephemeral(ack, f"No candidate called “{escape(name)[:100]}” on a hiring team you are part of.")
    else:
        numbers = requisition_numbers(db, [c.requisition_id for c in found[: service.MATCH_LIMIT]])
        choices = "\n".join(
            f"• `#{c.id}` {escape(c.name)}, requisition #{numbers.get(c.requisition_id, '?')}, "
            f"added {c.created_at:%d %b %Y}"
            for c in found[: service.MATCH_LIMIT]
        )
        more = "\n…and more: use the full name." if len(found) > service.MATCH_LIMIT else ""
        _ephemeral(
            ack,
            f"Several candidates match; name one by its number, e.g. `/ml-candidate show #{found[0].id}`:"
            f"\n{choices}{more}",
        )
    return None


@listener
def on_erase(ack, actor: str, action: dict, client: WebClient, db: Session, settings: Settings, respond, now: datetime):
    ref = ids.CandidateRef.parse(action.get("value"))
    erased = privacy.erase(db, ref.candidate_id, user=actor, admins=settings.bot_admins, now=now)

    def take_back():  # the bot's own messages about them, once the erasure is committed
        left = notify.remove_messages(client, erased.messages)
        respond(text=ui.erased_note(erased.name, len(erased.messages), left), replace_original=True)

    return take_back


@listener
def on_add_candidate(
    ack,
    trigger_id: str,
    actor: str,
    action: dict,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
):
    ack()
    req = get_requisition(db, RequisitionRef.parse(action.get("value")).requisition_id)
    access.check_may_manage(req, actor, settings.bot_admins, "add")
    service.check_takes_candidates(req)
    client.views_open(
        trigger_id=trigger_id,
        view=ui.candidate_modal(playbook, service.approved_requisitions(db, actor, settings.bot_admins), req.id),
    )


@listener
def on_candidate(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    done = accept_form(
        ack,
        db,
        lambda: service.add_candidate(
            db,
            playbook,
            forms.CandidateForm.read(view, playbook=playbook),
            user=actor,
            admins=settings.bot_admins,
            now=now,
        ),
        view=view,
        now=now,
    )
    if done is not None:
        candidate, req = service.get_candidate(db, done.value.id)
        return lambda: notify.refresh_card(client, db, playbook, candidate, req)


@listener
def on_edit_plan(
    ack,
    trigger_id: str,
    actor: str,
    action: dict,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
):
    ack()
    req = get_requisition(db, RequisitionRef.parse(action.get("value")).requisition_id)
    access.check_may_manage(req, actor, settings.bot_admins, "plan")
    service.check_plan_open(req)
    client.views_open(trigger_id=trigger_id, view=plan_ui.plan_modal(playbook, req, service.plan(db, req.id)))


@listener
def on_plan(ack, actor: str, view: dict, db: Session, settings: Settings, playbook: Playbook, now: datetime):
    req = get_requisition(db, RequisitionRef.parse(view.get("private_metadata")).requisition_id)
    saved = accept_form(
        ack,
        db,
        lambda: service.update_plan(
            db,
            playbook,
            req,
            set(forms.PlanForm.read(view).stages),
            user=actor,
            admins=settings.bot_admins,
        ),
        view=view,
        now=now,
        block=ids.PLAN_STAGES,
    )
    if saved is not None and saved.value:  # saved without an essential stage: say so where they are looking
        return Reply(ack={"response_action": "update", "view": plan_ui.plan_saved_without(playbook, req, saved.value)})
    return None


def _assign_view(db: Session, playbook: Playbook, candidate_id: int, picks: dict[str, str], now: datetime) -> dict:
    candidate, req = service.get_candidate(db, candidate_id)
    current = {
        i.stage_key: i.interviewer_id
        for i in service.interviews(db, candidate.id)
        if i.status != InterviewStatus.DECLINED
    }
    current |= picks
    load = loop.week_load(db, set(current.values()), now) if current else {}
    return ui.assign_modal(playbook, candidate, service.active_stages(db, req.id), current, load)


@listener
def on_open_assign(
    ack,
    trigger_id: str,
    actor: str,
    action: dict,
    client: WebClient,
    db: Session,
    settings: Settings,
    playbook: Playbook,
    now: datetime,
):
    ack()
    candidate, req = service.get_candidate(db, ids.CandidateRef.parse(action.get("value")).candidate_id)
    access.check_may_manage(req, actor, settings.bot_admins, "assign")
    service.check_open(candidate)
    client.views_open(trigger_id=trigger_id, view=_assign_view(db, playbook, candidate.id, {}, now))


def _picks(view: dict) -> dict[str, str]:
    return forms.AssignForm.read(view).chosen


@listener
def on_pick_interviewer(
    ack, body: dict, actor: str, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    """Someone was picked for a stage: show the pickers' interview load for this week."""
    ack()
    view = body.get("view") or {}
    ref = ids.CandidateRef.parse(view.get("private_metadata"))
    _, req = service.get_candidate(db, ref.candidate_id)
    access.check_may_manage(req, actor, settings.bot_admins, "assign")
    client.views_update(
        view_id=view["id"], hash=view.get("hash"), view=_assign_view(db, playbook, ref.candidate_id, _picks(view), now)
    )


@listener
def on_assign(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    candidate, req = service.get_candidate(db, ids.CandidateRef.parse(view.get("private_metadata")).candidate_id)
    picks = _picks(view)
    people = look_up(client, set(picks.values()))
    done = accept_form(
        ack,
        db,
        lambda: loop.assign(db, settings, candidate, req, picks, people, user=actor, now=now),
        view=view,
        now=now,
    )
    if done is not None:

        def tell():
            notify.refresh_kits(client, db, playbook, candidate, req)  # a stage given to someone else retires
            notify.send_kits(client, db, playbook, done.value, candidate, req, now)
            notify.refresh_card(client, db, playbook, candidate, req)
            # the previous interviewers' reminders about their stages: nothing to do
            nudge_effects.refresh_about(client, db, playbook, "interview", [i.id for i in done.value])
            late = unverified(set(picks.values()), people)
            tell_if_not_people(client, late, tell=actor, what="an interviewer")

        return tell

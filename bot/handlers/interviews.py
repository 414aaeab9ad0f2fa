"""Interviewers' kits (time, decline), scorecards, the debrief decision, and onboarding a hire."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects import interviews as notify
from bot.effects import nudges as nudge_effects
from bot.flows import access
from bot.flows.interviews import forms, ids, loop, scorecards, service
from bot.flows.offers import joining
from bot.playbook import Playbook
from bot.requests.runner import accept_form, listener
from bot.ui import debrief as debrief_ui
from bot.ui import interviews as ui
from bot.ui import onboarding as onboarding_ui


def register(app: App) -> None:
    app.action(ids.SET_TIME)(on_open_time)
    app.view(ids.TIME_CALLBACK)(on_time)
    app.action(ids.DECLINE)(on_open_decline)
    app.view(ids.DECLINE_CALLBACK)(on_decline)
    app.action(ids.OPEN_SCORECARD)(on_open_scorecard)
    app.view(ids.SCORECARD_CALLBACK)(on_scorecard)
    for action in ids.DECISION_ACTION:
        app.action(action)(on_open_decision)
    app.view(ids.DECISION_CALLBACK)(on_decision)
    app.action(ids.START_ONBOARDING)(on_start_onboarding)


def _ref(value: str) -> ids.InterviewRef:
    return ids.InterviewRef.parse(value)


@listener
def on_open_time(ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session, playbook: Playbook):
    ack()
    ref = _ref(action["value"])
    interview, candidate, req = loop.check_own(db, ref, actor)
    stage = playbook.stage(interview.stage_key)
    about = f"{candidate.name}: {stage.label}, requisition #{req.number}"
    client.views_open(trigger_id=trigger_id, view=ui.time_modal(ref, forms.DURATIONS, stage.minutes, about))


@listener
def on_time(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    ref = _ref(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: loop.set_time(
            db, settings, ref, user=actor, form=forms.TimeForm.read(view, now=now), now=now, playbook=playbook
        ),
        view=view,
        now=now,
        block=ids.WHEN,
    )
    if done is None:
        return None
    interview, candidate, req = done.value

    def tell():
        notify.time_set(client, db, playbook, interview, candidate, req)
        nudge_effects.refresh_about(client, db, playbook, "interview", interview.id)  # "set a time" is done

    return tell


@listener
def on_open_decline(ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session):
    ack()
    ref = _ref(action["value"])
    loop.check_own(db, ref, actor)
    client.views_open(trigger_id=trigger_id, view=ui.decline_modal(ref))


@listener
def on_decline(ack, actor: str, view: dict, client: WebClient, db: Session, playbook: Playbook, now: datetime):
    done = accept_form(
        ack,
        db,
        lambda: loop.decline(
            db,
            _ref(view.get("private_metadata")),
            user=actor,
            form=forms.InterviewDeclineForm.read(view),
            now=now,
        ),
        view=view,
        now=now,
        block=ids.REASON,
    )
    if done is None:
        return None
    interview, candidate, req = done.value

    def tell():
        notify.declined(client, db, playbook, interview, candidate, req, now)
        notify.refresh_kits(client, db, playbook, candidate, req)
        notify.refresh_card(client, db, playbook, candidate, req)
        nudge_effects.refresh_about(client, db, playbook, "interview", interview.id)  # its reminders: nothing to do

    return tell


@listener
def on_open_scorecard(
    ack, trigger_id: str, actor: str, action: dict, client: WebClient, db: Session, playbook: Playbook, now: datetime
):
    ack()
    interview, candidate, req = scorecards.check_open_card(db, _ref(action["value"]), actor, now)
    card = scorecards.card_for(db, interview.id)
    view = debrief_ui.scorecard_modal(playbook, interview, candidate, req.level, card)
    client.views_open(trigger_id=trigger_id, view=view)


@listener
def on_scorecard(ack, actor: str, view: dict, client: WebClient, db: Session, playbook: Playbook, now: datetime):
    meta, user = ids.ScorecardMeta.parse(view.get("private_metadata")), actor

    def submit():
        stage = scorecards.stage_of(db, playbook, meta, user, now)
        form = forms.ScorecardForm.read(view, competencies=stage.competencies)
        return scorecards.submit(db, playbook, meta, form, user=user, now=now)

    done = accept_form(
        ack,
        db,
        submit,
        view=view,
        now=now,
        block=ids.RECOMMENDATION,
    )
    if done is not None:
        submitted = done.value

        def tell():
            nudge_effects.refresh_about(client, db, playbook, "interview", submitted.scorecard.interview_id)
            notify.refresh_kits(client, db, playbook, submitted.candidate, submitted.requisition)
            notify.after_scorecard(client, db, playbook, submitted.candidate, submitted.requisition, now)

        return tell


@listener
def on_open_decision(
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
    candidate, req = service.get_candidate(db, ids.CandidateRef.parse(action.get("value")).candidate_id)
    access.check_may_manage(req, actor, settings.bot_admins, "decide")
    service.check_open(candidate)
    meta = ids.DecisionMeta(candidate_id=candidate.id, decision=ids.DECISION_ACTION[action.get("action_id")])
    without = scorecards.decided_without(db, playbook, candidate, req)
    view = debrief_ui.decision_modal(meta, candidate, playbook, req.level, without)
    client.views_open(trigger_id=trigger_id, view=view)


@listener
def on_decision(
    ack, actor: str, view: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    meta = ids.DecisionMeta.parse(view.get("private_metadata"))
    done = accept_form(
        ack,
        db,
        lambda: scorecards.decide(
            db,
            meta,
            user=actor,
            form=forms.DecisionForm.read(view),
            admins=settings.bot_admins,
            now=now,
        ),
        view=view,
        now=now,
        block=ids.RATIONALE,
    )
    if done is not None:
        candidate, req = done.value
        return lambda: notify.after_decision(client, db, playbook, candidate, req, now)


@listener
def on_start_onboarding(
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
    candidate, req = service.get_candidate(db, ids.CandidateRef.parse(action.get("value")).candidate_id)
    access.check_may_manage(req, actor, settings.bot_admins, "onboard")
    joining.check_may_start(db, candidate)
    client.views_open(
        trigger_id=trigger_id,
        view=onboarding_ui.start_modal(
            playbook,
            manager=req.hiring_manager_id,
            default_channel=settings.onboarding_channel,
            requisitions=[req],
            specialization=req.specialization,
            requisition_id=req.id,
            candidate_id=candidate.id,
        ),
    )

"""The Slack side of onboarding, after its state is committed: the thread, summaries, private flags."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy import select

from bot.effects.interviews import refresh_card
from bot.effects.nudges import refresh_about
from bot.flows.offers.nudges import JOIN_SUBJECT
from bot.flows.onboarding import service
from bot.flows.onboarding.schedule import (
    CHECKIN,
    CHECKIN_LATE,
    CHECKIN_REMINDER,
    OVERDUE,
    START,
    SUBJECT,
    checklist_message,
)
from bot.flows.onboarding.service import Recorded
from bot.models import Candidate, Nudge, Onboarding, OnboardingItem, PreparedOnboarding, Requisition
from bot.playbook import Playbook
from bot.slack import best_effort
from bot.ui import onboarding as ui
from bot.ui.nudge_messages import render


def open_thread(client: WebClient, session, playbook: Playbook, ob: Onboarding) -> bool:
    text, blocks = ui.thread_message(playbook, ob, service.items(session, ob.id))
    posted = best_effort(
        "post the onboarding thread",
        client.chat_postMessage,
        channel=ob.channel_id,
        text=text,
        blocks=blocks,
        unfurl_links=False,
    )
    if posted:
        service.record_thread(ob, posted["ts"])
        ob.channel_id = posted["channel"]
    return posted is not None


def refresh_thread(client: WebClient, session, playbook: Playbook, ob: Onboarding) -> None:
    if ob.thread_ts:
        text, blocks = ui.thread_message(playbook, ob, service.items(session, ob.id))
        best_effort(
            "update the onboarding thread",
            client.chat_update,
            channel=ob.channel_id,
            ts=ob.thread_ts,
            text=text,
            blocks=blocks,
        )


def after_check_in(client: WebClient, session, playbook: Playbook, recorded: Recorded) -> None:
    ob, check_in = recorded.onboarding, recorded.check_in
    # the check-in's prompts, reminders and late notes retire, however many other reminders came since
    refresh_about(client, session, playbook, SUBJECT, ob.id, kinds=(CHECKIN, CHECKIN_REMINDER, CHECKIN_LATE))
    if check_in.role == "manager":
        return  # the manager's own notes stay with them
    if ob.thread_ts:
        best_effort(
            "post the check-in summary",
            client.chat_postMessage,
            channel=ob.channel_id,
            thread_ts=ob.thread_ts,
            text=ui.check_in_summary(ob, check_in),
        )
    if check_in.shared_with_manager:
        best_effort(
            "send the shared answers",
            client.chat_postMessage,
            channel=ob.manager_id,
            text=ui.answers_for_manager(ob, check_in),
        )
    if recorded.signals:  # privately, to the manager only: never the channel
        best_effort("send the risk flag", client.chat_postMessage, channel=ob.manager_id, text=ui.risk_flag(recorded))


def started(client: WebClient, session, playbook: Playbook, ob: Onboarding, starter: str) -> None:
    """The new-hire thread opens; the person who started it is told when the bot could not post there; the
    "joined Slack: start the onboarding" reminders about this new hire, and their hire's card and message,
    lose their buttons."""
    hires = {ob.candidate_id} - {None}  # the hire it was started from, and any whose accepted offer waited
    for prepared in session.scalars(select(PreparedOnboarding).where(PreparedOnboarding.new_hire_id == ob.new_hire_id)):
        refresh_about(client, session, playbook, JOIN_SUBJECT, prepared.id)
        hires.add(prepared.candidate_id)
    for candidate in session.scalars(select(Candidate).where(Candidate.id.in_(hires))) if hires else ():
        # the hire's card and message offer neither Start onboarding nor Prepare offer any more
        refresh_card(client, session, playbook, candidate, session.get(Requisition, candidate.requisition_id))
    if not open_thread(client, session, playbook, ob):
        best_effort(
            "say the thread is missing",
            client.chat_postMessage,
            channel=starter,
            text=f"Onboarding for <@{ob.new_hire_id}> is set up, but I could not post in <#{ob.channel_id}>: "
            "invite me there so the team can follow it.",
        )


def ticked(
    client: WebClient, session, playbook: Playbook, ob: Onboarding, item: OnboardingItem, user: str, message_ts
) -> None:
    """After an item is ticked: the thread's checklist, the owner's first-day checklist and every weekly
    overdue list that showed the item (the owner's, sent after it fell due: each drops it, and its *Done*),
    and the bot's own checklist DM the tick was made on (found by its recorded timestamp, rebuilt from the
    database; never a message the payload names)."""
    refresh_thread(client, session, playbook, ob)
    clicked = checklist_message(session, ob, user, message_ts)
    # the owner's other lists (the one clicked is rebuilt below, showing the tick)
    owner = [Nudge.recipient_id == ob.person(item.owner_role), *([Nudge.id != clicked[0].id] if clicked else [])]
    refresh_about(client, session, playbook, SUBJECT, ob.id, kinds=(START,), where=(*owner,))
    showed_it = (*owner, Nudge.local_date > item.due_date)
    refresh_about(client, session, playbook, SUBJECT, ob.id, kinds=(OVERDUE,), where=showed_it)
    if clicked is None:
        return
    nudge, about = clicked
    message = render(about)
    best_effort(
        "update the checklist message",
        client.chat_update,
        channel=nudge.channel_id,
        ts=nudge.message_ts,
        text=message.text,
        blocks=message.blocks,
    )

"""The Slack side of onboarding, after its state is committed: the thread, summaries, private flags."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.flows.onboarding import service
from bot.flows.onboarding.service import Recorded
from bot.models import Onboarding
from bot.playbook import Playbook
from bot.slack import best_effort
from bot.ui import onboarding as ui


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


def after_check_in(client: WebClient, recorded: Recorded) -> None:
    ob, check_in = recorded.onboarding, recorded.check_in
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

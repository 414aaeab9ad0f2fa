"""The Slack side of onboarding, after its state is committed: the thread, summaries, private flags."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.flows.onboarding import service
from bot.flows.onboarding.service import Recorded
from bot.models import Onboarding
from bot.playbook import Playbook
from bot.ui import onboarding as ui

log = logging.getLogger(__name__)


def _try(what: str, call, **kwargs):
    try:
        return call(**kwargs)
    except SlackApiError as exc:
        log.warning("could not %s", what, extra={"channel": kwargs.get("channel"), "error": exc.response.get("error")})
        return None


def open_thread(client: WebClient, session, playbook: Playbook, ob: Onboarding) -> bool:
    text, blocks = ui.thread_message(playbook, ob, service.items(session, ob.id))
    posted = _try("post the onboarding thread", client.chat_postMessage, channel=ob.channel_id, text=text,
                  blocks=blocks, unfurl_links=False)
    if posted:
        service.record_thread(ob, posted["ts"])
        ob.channel_id = posted["channel"]
    return posted is not None


def refresh_thread(client: WebClient, session, playbook: Playbook, ob: Onboarding) -> None:
    if ob.thread_ts:
        text, blocks = ui.thread_message(playbook, ob, service.items(session, ob.id))
        _try("update the onboarding thread", client.chat_update, channel=ob.channel_id, ts=ob.thread_ts, text=text,
             blocks=blocks)


def after_check_in(client: WebClient, recorded: Recorded) -> None:
    ob, check_in = recorded.onboarding, recorded.check_in
    if check_in.role == "manager":
        return  # the manager's own notes stay with them
    if ob.thread_ts:
        _try("post the check-in summary", client.chat_postMessage, channel=ob.channel_id, thread_ts=ob.thread_ts,
             text=ui.check_in_summary(ob, check_in))
    if check_in.shared_with_manager:
        _try("send the shared answers", client.chat_postMessage, channel=ob.manager_id,
             text=ui.answers_for_manager(ob, check_in))
    if recorded.signals:  # privately, to the manager only: never the channel
        _try("send the risk flag", client.chat_postMessage, channel=ob.manager_id, text=ui.risk_flag(recorded))


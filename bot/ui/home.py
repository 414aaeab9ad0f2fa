"""The App Home tab."""

from __future__ import annotations

from bot.flows.requisition.service import RequisitionList
from bot.playbook import Playbook
from bot.flows.reminders import ids as reminder_ids
from bot.ui.blocks import actions, button, divider, header, section
from bot.ui.requisition import USAGE, list_message


def home_view(playbook: Playbook, requisitions: RequisitionList) -> dict:
    _, listing = list_message(playbook, requisitions, everyone=False)
    return {
        "type": "home",
        "blocks": [
            header("ML hiring"),
            section(USAGE),
            actions("home_settings", button("Set quiet hours", reminder_ids.SET_QUIET, "quiet")),
            divider(),
            *listing,
        ],
    }

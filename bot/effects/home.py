"""App Home and the bot's answer to a direct message: Slack calls made in the background after an event
was taken (bot.requests.background), each in a session of its own."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.flows.interviews import service as interviews
from bot.flows.onboarding import service as onboarding
from bot.flows.reports import dashboard
from bot.flows.requisition import service
from bot.flows.settings import service as settings_service
from bot.playbook import Playbook
from bot.slack import best_effort
from bot.ui import home as ui
from bot.ui import settings as settings_ui


def publish_home(
    db: Session, client: WebClient, playbook: Playbook, settings: Settings, user: str, now: datetime
) -> None:
    """The Home tab: the dashboard (admins, hiring managers, approvers), what waits on the person, their
    requisitions and onboardings, and for admins the Settings section."""
    mine = onboarding.visible(db, user, frozenset())
    admin = settings.is_admin(user)
    client.views_publish(
        user_id=user,
        view=ui.home_view(
            playbook,
            service.list_for_user(db, user),
            interviews.open_interviews_for(db, user),
            mine,
            onboarding.progress(db, [o.id for o in mine]),
            dashboard=dashboard.dashboard(db, playbook, settings, user, now),
            settings=settings_ui.home_section(settings, settings_service.shown(settings)) if admin else None,
        ),
    )


def answer_direct_message(client: WebClient, channel: str) -> None:
    """What the bot can do (never an echo of what the person wrote)."""
    best_effort("answer a direct message", client.chat_postMessage, channel=channel, text=ui.DM_USAGE)

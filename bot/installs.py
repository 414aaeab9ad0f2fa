"""OAuth mode: installs through Slack's OAuth flow, each workspace (or Grid org) with its own rotating token.

With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set (and no SLACK_BOT_TOKEN), the app serves
- `GET /slack/install`: an *Add to Slack* page whose link carries a state kept in `slack_oauth_states`;
- `GET /slack/oauth_redirect`: Slack's redirect, which trades the code for a bot token (`oauth.v2.access`),
  keeps it in `slack_bots` / `slack_installations` (slack_sdk's SQLAlchemy stores, in this project's
  migrations), records the workspace (bot.flows.workspaces) and shows a page saying what happened.
Bolt authorizes each request with the installation's token and renews a rotating token before it expires
(TOKEN_ROTATION_MINUTES ahead); the reminder worker gets each installation's client from `Installations`,
which renews the same way. The scopes asked for are manifest.oauth.yml's (a test keeps them equal).
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine, desc
from sqlalchemy.orm import Session, sessionmaker

from bot import tenancy
from bot.config import Settings
from bot.db import transaction
from bot.flows import workspaces
from bot.metrics import CountErrors
from bot.models.installs import BOTS, INSTALLATIONS, STATES

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "files:write",
    "users:read",
    "users:read.email",
    "channels:read",
    "groups:read",
)
# What a person sees when their request reaches no installation: in OAuth mode, someone whose own workspace has
# not installed the app (a Slack Connect partner pressing a button in a shared channel), or a workspace that left.
NOT_INSTALLED = (
    "ML Hiring is not installed in your workspace, so it cannot act on this for you. Ask someone in the "
    "workspace that runs this hiring to do it, or ask your Slack admin to install the app."
)
TOKEN_ROTATION_MINUTES = 120  # renew a rotating token this long before it expires (Slack's are good for 12 h)
STATE_SECONDS = 600  # an Add to Slack link works this long


class InstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store, finding a workspace's bot by its team id alone when the request names the team
    with another organisation: a modal opened in this workspace and submitted by a Slack Connect person carries
    the installing team (`view.app_installed_team_id`, which Bolt takes) but the person's own enterprise, which
    Bolt passes on. A team id names one workspace, so the team alone finds the right installation."""

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        found = super().find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if found is not None or not team_id or is_enterprise_install:
            return found
        c = self.bots.c
        query = (
            self.bots.select()
            .where(c.client_id == self.client_id, c.team_id == team_id, c.bot_token.is_not(None))
            .order_by(desc(c.installed_at))
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return self.build_bot_entity(row) if row is not None else None


def stores(settings: Settings, engine: Engine) -> tuple[SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore]:
    installations = InstallationStore(
        client_id=settings.slack_client_id,
        engine=engine,
        bots_table_name=BOTS,
        installations_table_name=INSTALLATIONS,
        logger=log,
    )
    return installations, SQLAlchemyOAuthStateStore(STATE_SECONDS, engine, logger=log, table_name=STATES)


def page(title: str, lines: list[str], status: int = 200) -> BoltResponse:
    """A small page for a person in a browser (every value escaped)."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return BoltResponse(
        status=status,
        body=(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f'<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto"><h1>{html.escape(title)}</h1>'
            f"{body}</body></html>"
        ),
        headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"},
    )


def oauth_settings(
    settings: Settings, engine: Engine, factory: sessionmaker[Session], clock: Callable[[], datetime]
) -> OAuthSettings:
    installations, states = stores(settings, engine)

    def success(args: SuccessArgs) -> BoltResponse:
        found = args.installation
        key = tenancy.workspace_key(
            enterprise_id=found.enterprise_id, team_id=found.team_id, is_enterprise_install=found.is_enterprise_install
        )
        with transaction(tenancy.scoped(factory, key)) as session:  # committed here: the install's one change
            workspaces.installed(
                session,
                workspaces.Installed(
                    team_id=None if found.is_enterprise_install else found.team_id,
                    enterprise_id=found.enterprise_id,
                    is_enterprise_install=bool(found.is_enterprise_install),
                    installed_by=found.user_id,
                ),
                clock(),
            )
        log.info("installed", extra={"workspace": key, "org_wide": bool(found.is_enterprise_install)})
        where = found.enterprise_name if found.is_enterprise_install else found.team_name
        return page(
            "ML hiring is installed",
            [
                f"Installed in {where or key}"
                + (" for every workspace of the organisation." if found.is_enterprise_install else "."),
                "You are its first admin: open the app's Home tab in Slack and choose Settings to pick the hiring "
                "channel and other admins, then type /ml-req in any channel to open a requisition.",
            ],
        )

    def failure(args: FailureArgs) -> BoltResponse:
        log.warning("an install failed", extra={"reason": args.reason})
        why = {
            "invalid_state": "The install link had expired or was used already: start again from the install page.",
            "access_denied": "The install was cancelled in Slack: nothing was installed.",
            "missing_code": "Slack did not send what finishing the install takes: start again from the install page.",
        }.get(args.reason, "Slack did not finish the install: start again from the install page.")
        return page("Not installed", [why, f"(Slack said: {args.reason})"], status=args.suggested_status_code)

    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(SCOPES),
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=states,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        callback_options=CallbackOptions(success=success, failure=failure),
        token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
        state_expiration_seconds=STATE_SECONDS,
    )


class Installations:
    """Each installed workspace's Slack client, for the reminder worker: the newest bot token from the store,
    renewed TOKEN_ROTATION_MINUTES before it expires. One client per workspace, kept (its token replaced when
    renewed); None for a workspace whose token is gone."""

    def __init__(self, settings: Settings, engine: Engine, factory: sessionmaker[Session]):
        from bot.slack import build_client

        self.settings = settings
        self.factory = tenancy.scoped(factory, tenancy.ALL)
        self.store, _ = stores(settings, engine)
        self.rotator = TokenRotator(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            client=WebClient(base_url=settings.slack_api_url, timeout=10, retry_handlers=[CountErrors()]),
        )
        self._build = lambda token: build_client(replace(settings, slack_bot_token=token), background=True)
        self._clients: dict[str, WebClient] = {}
        self._known: dict[str, workspaces.Workspace] = {}  # as the latest `serving()` read them
        self._lock = threading.Lock()

    def serving(self) -> list[str]:
        with self.factory() as session:
            rows = workspaces.serving(session)
        self._known = {w.workspace: w for w in rows}
        return list(self._known)

    def _workspace(self, key: str) -> workspaces.Workspace | None:
        if key in self._known:
            return self._known[key]
        with self.factory() as session:
            return session.get(workspaces.Workspace, key)

    def client(self, key: str) -> WebClient | None:
        found = self._workspace(key)
        if found is None:
            return None
        bot = self.store.find_bot(
            enterprise_id=found.enterprise_id,
            team_id=found.team_id,
            is_enterprise_install=found.is_enterprise_install,
        )
        if bot is None or not bot.bot_token:
            return None
        if bot.bot_refresh_token:
            renewed = self.rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=TOKEN_ROTATION_MINUTES)
            if renewed is not None:
                self.store.save_bot(renewed)
                bot = renewed
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = self._build(bot.bot_token)
            client.token = bot.bot_token  # the worker's own client for this workspace, never a request's
        return client

    def forget_tokens(self, key: str) -> None:
        """The workspace left: its tokens are dead; drop them from the store and from here."""
        found = self._workspace(key)
        self._known.pop(key, None)
        if found is not None:
            self.store.delete_all(enterprise_id=found.enterprise_id, team_id=found.team_id)
        with self._lock:
            self._clients.pop(key, None)

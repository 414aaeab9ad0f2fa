"""The workspaces the bot is installed in, and Slack's OAuth records (slack_sdk's own tables, migrated here).

`slack_installations`, `slack_bots` and `slack_oauth_states` are slack_sdk's SQLAlchemy installation and state
stores' tables, declared on this metadata so the project's migrations create them on both databases and
`alembic check` keeps them in step. They are the operator's (they hold tokens): no request reads them except
through Bolt's authorization, and they are not scoped to a workspace.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime
from bot.tenancy import InWorkspace

INSTALLATIONS, BOTS, STATES = "slack_installations", "slack_bots", "slack_oauth_states"

SQLAlchemyInstallationStore.build_installations_table(Base.metadata, INSTALLATIONS)
SQLAlchemyInstallationStore.build_bots_table(Base.metadata, BOTS)
SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, STATES)


class Workspace(InWorkspace, Base):
    """One installation as the bot serves it: a workspace, or an organisation for an org-wide install.

    Created by the OAuth install; `left_at` is set when Slack says the app was uninstalled or its tokens were
    revoked (its reminders stop at once); `forgotten_at` when `python -m bot forget-workspace` deleted its data.
    """

    __tablename__ = "workspaces"

    workspace: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    installed_by: Mapped[str] = mapped_column(String(32))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_because: Mapped[str | None] = mapped_column(String(32))  # app_uninstalled, tokens_revoked
    forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

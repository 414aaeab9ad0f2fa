"""Many workspaces on one deployment: every row names its workspace (existing rows belong to single-token
mode's `single`), the workspaces registry, slack_sdk's installation and OAuth state tables, keys unique per
workspace, and on PostgreSQL row-level security holding every table to the session's workspace (bot.tenancy).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANTED = (
    "requisitions",
    "plan_stages",
    "candidates",
    "interviews",
    "scorecards",
    "candidate_access",
    "candidate_messages",
    "requisition_revisions",
    "offers",
    "prepared_onboardings",
    "onboardings",
    "onboarding_items",
    "check_ins",
    "form_submissions",
    "slack_events",
    "audit_events",
    "nudges",
    "nudge_opt_outs",
    "user_profiles",
    "sweep_pauses",
    "workspace_settings",
    "setting_changes",
    "workspaces",
)
KEYED = (
    "user_profiles",
    "workspace_settings",
    "slack_events",
    "form_submissions",
)  # the workspace leads their primary key: no index of its own
SINGLE = "single"
POLICY = "workspace = current_setting('app.workspace', true) OR current_setting('app.workspace', true) = '*'"
ACTIVE = "status IN ('pending', 'sending')"
OPEN_INTERVIEW = "scored_at IS NULL AND status IN ('assigned', 'scheduled')"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "workspaces",
        sa.Column("workspace", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_by", sa.String(length=32), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_because", sa.String(length=32), nullable=True),
        sa.Column("forgotten_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("workspace", name=op.f("pk_workspaces")),
    )
    _slack_sdk_tables()
    for table in TENANTED[:-1]:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("workspace", sa.String(length=32), nullable=False, server_default=SINGLE))
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("workspace", existing_type=sa.String(length=32), server_default=None)
            if table not in KEYED:
                batch_op.create_index(op.f(f"ix_{table}_workspace"), ["workspace"])
    with op.batch_alter_table("onboardings") as batch_op:
        batch_op.drop_constraint("uq_onboardings_new_hire_id", type_="unique")
        batch_op.create_unique_constraint("uq_onboardings_new_hire", ["workspace", "new_hire_id"])
    with op.batch_alter_table("nudges") as batch_op:
        batch_op.drop_constraint("uq_nudges_dedupe_key", type_="unique")
        batch_op.create_unique_constraint("uq_nudges_workspace_dedupe_key", ["workspace", "dedupe_key"])
    op.create_index(
        "ix_nudges_workspace_due_at",
        "nudges",
        ["workspace", "due_at", "id"],
        postgresql_where=sa.text(ACTIVE),
        sqlite_where=sa.text(ACTIVE),
    )
    with op.batch_alter_table("nudge_opt_outs") as batch_op:
        batch_op.drop_constraint("uq_nudge_opt_outs_key", type_="unique")
        batch_op.create_unique_constraint(
            "uq_nudge_opt_outs_key", ["workspace", "user_id", "kind", "subject_type", "subject_id"]
        )
    for table, key in (("user_profiles", "user_id"), ("slack_events", "event_id"), ("form_submissions", "view_id")):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            batch_op.create_primary_key(f"pk_{table}", ["workspace", key])
    with op.batch_alter_table("workspace_settings") as batch_op:
        batch_op.drop_constraint(op.f("ck_workspace_settings_one_row"), type_="check")
        batch_op.drop_constraint("pk_workspace_settings", type_="primary")
        batch_op.drop_column("id")
        batch_op.create_primary_key("pk_workspace_settings", ["workspace"])
    if not postgresql:
        # SQLite breaks a tie between two usable indexes by taking the newest; the batch copy above re-created
        # the interviews' indexes in another order, so the partial index of open interviews is made newest again
        op.drop_index("ix_interviews_open", table_name="interviews")
        op.create_index(
            "ix_interviews_open",
            "interviews",
            ["interviewer_id", "starts_at", "id"],
            sqlite_where=sa.text(OPEN_INTERVIEW),
        )
    if postgresql:
        for table in TENANTED:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY workspace_only ON {table} USING ({POLICY}) WITH CHECK ({POLICY})")


def _slack_sdk_tables() -> None:
    """slack_sdk's SQLAlchemy stores' tables as slack_sdk 3.48 declares them (bot.models.installs)."""
    bot_columns = [
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
    ]
    op.create_table(
        "slack_bots",
        *bot_columns,
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_bots")),
    )
    op.create_index("slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"])
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("enterprise_url", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("user_token", sa.String(length=200), nullable=True),
        sa.Column("user_scopes", sa.String(length=1000), nullable=True),
        sa.Column("user_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("user_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("incoming_webhook_url", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel_id", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_configuration_url", sa.String(length=200), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("token_type", sa.String(length=32), nullable=True),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_installations")),
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
    )
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_oauth_states")),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TENANTED:
            op.execute(f"DROP POLICY IF EXISTS workspace_only ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    with op.batch_alter_table("workspace_settings") as batch_op:
        batch_op.drop_constraint("pk_workspace_settings", type_="primary")
        batch_op.add_column(sa.Column("id", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_primary_key("pk_workspace_settings", ["id"])
        batch_op.create_check_constraint("one_row", "id = 1")
    for table, key in (("user_profiles", "user_id"), ("slack_events", "event_id"), ("form_submissions", "view_id")):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            batch_op.create_primary_key(f"pk_{table}", [key])
    with op.batch_alter_table("nudge_opt_outs") as batch_op:
        batch_op.drop_constraint("uq_nudge_opt_outs_key", type_="unique")
        batch_op.create_unique_constraint("uq_nudge_opt_outs_key", ["user_id", "kind", "subject_type", "subject_id"])
    op.drop_index("ix_nudges_workspace_due_at", table_name="nudges")
    with op.batch_alter_table("nudges") as batch_op:
        batch_op.drop_constraint("uq_nudges_workspace_dedupe_key", type_="unique")
        batch_op.create_unique_constraint("uq_nudges_dedupe_key", ["dedupe_key"])
    with op.batch_alter_table("onboardings") as batch_op:
        batch_op.drop_constraint("uq_onboardings_new_hire", type_="unique")
        batch_op.create_unique_constraint("uq_onboardings_new_hire_id", ["new_hire_id"])
    for table in TENANTED[:-1]:
        with op.batch_alter_table(table) as batch_op:
            if table not in KEYED:
                batch_op.drop_index(op.f(f"ix_{table}_workspace"))
            batch_op.drop_column("workspace")
    op.drop_table("slack_oauth_states")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table("slack_installations")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table("slack_bots")
    op.drop_table("workspaces")

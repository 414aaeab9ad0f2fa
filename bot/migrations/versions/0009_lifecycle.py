"""The hiring loop's lifecycle: requisition revisions (with their history), hold / close / filled states
and the headcount filled, offers (one open per candidate, by a partial unique index), and candidates
whose loop ended because their requisition was closed; an accepted offer's onboarding waiting for the new
hire to join Slack.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REQ_BEFORE = "'pending_approval', 'needs_preparation', 'approved', 'changes_requested', 'rejected'"
REQ_AFTER = REQ_BEFORE + ", 'on_hold', 'closed', 'filled'"
CANDIDATE_BEFORE = "'active', 'hired', 'rejected'"
CANDIDATE_AFTER = CANDIDATE_BEFORE + ", 'closed'"


def _statuses(table: str, values: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_status"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_{table}_status"), sa.text(f"status IN ({values})"))


def upgrade() -> None:
    op.create_table(
        "requisition_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requisition_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("revised_by", sa.String(length=32), nullable=False),
        sa.Column("revised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requisition_id"],
            ["requisitions.id"],
            name=op.f("fk_requisition_revisions_requisition_id_requisitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requisition_revisions")),
    )
    with op.batch_alter_table("requisition_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requisition_revisions_requisition_id"), ["requisition_id"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("requisition_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("base_salary", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("sign_on", sa.Text(), nullable=True),
        sa.Column("equity", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("location", sa.String(length=40), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("band_low", sa.Integer(), nullable=False),
        sa.Column("band_high", sa.Integer(), nullable=False),
        sa.Column("band_open_top", sa.Boolean(), nullable=False),
        sa.Column("placement", sa.String(length=8), nullable=False),
        sa.Column("approval_reason", sa.Text(), nullable=True),
        sa.Column("approver_id", sa.String(length=32), nullable=True),
        sa.Column("approval_channel_id", sa.String(length=32), nullable=True),
        sa.Column("approval_ts", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reject_reason", sa.Text(), nullable=True),
        sa.Column("decline_reason", sa.String(length=20), nullable=True),
        sa.Column("new_hire_email", sa.String(length=254), nullable=True),
        sa.Column("responded_by", sa.String(length=32), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending_approval', 'extended', 'rejected', 'accepted', 'declined', 'expired', 'withdrawn')",
            name=op.f("ck_offers_status"),
        ),
        sa.CheckConstraint("base_salary BETWEEN 1 AND 10000000", name=op.f("ck_offers_base_salary")),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_offers_candidate_id_candidates"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requisition_id"], ["requisitions.id"], name=op.f("fk_offers_requisition_id_requisitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(
            "ix_offers_extended_expires_on",
            ["expires_on"],
            unique=False,
            postgresql_where=sa.text("status IN ('extended')"),
            sqlite_where=sa.text("status IN ('extended')"),
        )
        batch_op.create_index(batch_op.f("ix_offers_requisition_id"), ["requisition_id"], unique=False)
        batch_op.create_index(
            "uq_offers_open_candidate",
            ["candidate_id"],
            unique=True,
            postgresql_where=sa.text("status IN ('pending_approval', 'extended')"),
            sqlite_where=sa.text("status IN ('pending_approval', 'extended')"),
        )

    op.create_table(
        "prepared_onboardings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("requisition_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("specialization", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("new_hire_id", sa.String(length=32), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("looked_up_on", sa.Date(), nullable=True),
        sa.Column("late_told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('waiting', 'joined', 'started')", name=op.f("ck_prepared_onboardings_status")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_prepared_onboardings_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_prepared_onboardings_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requisition_id"], ["requisitions.id"], name=op.f("fk_prepared_onboardings_requisition_id_requisitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepared_onboardings")),
        sa.UniqueConstraint("offer_id", name=op.f("uq_prepared_onboardings_offer_id")),
    )
    with op.batch_alter_table("prepared_onboardings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prepared_onboardings_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index("ix_prepared_onboardings_email", ["email"], unique=False)
        batch_op.create_index(
            "ix_prepared_onboardings_waiting",
            ["start_date"],
            unique=False,
            postgresql_where=sa.text("status IN ('waiting')"),
            sqlite_where=sa.text("status IN ('waiting')"),
        )

    with op.batch_alter_table("requisitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("has_senior", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("regulated", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("filled", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("pending_headcount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("headcount_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("headcount_channel_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("close_reason", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("close_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f("ck_requisitions_filled"), sa.text("filled BETWEEN 0 AND headcount"))
    _statuses("requisitions", REQ_AFTER)
    _statuses("candidates", CANDIDATE_AFTER)


def downgrade() -> None:
    op.execute("UPDATE candidates SET status = 'rejected' WHERE status = 'closed'")
    op.execute("UPDATE requisitions SET status = 'approved' WHERE status IN ('on_hold', 'filled')")
    op.execute("UPDATE requisitions SET status = 'rejected' WHERE status = 'closed'")
    _statuses("candidates", CANDIDATE_BEFORE)
    _statuses("requisitions", REQ_BEFORE)
    with op.batch_alter_table("requisitions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_requisitions_filled"), type_="check")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("closed_by")
        batch_op.drop_column("close_note")
        batch_op.drop_column("close_reason")
        batch_op.drop_column("headcount_channel_id")
        batch_op.drop_column("headcount_ts")
        batch_op.drop_column("pending_headcount")
        batch_op.drop_column("filled")
        batch_op.drop_column("revision")
        batch_op.drop_column("regulated")
        batch_op.drop_column("has_senior")

    with op.batch_alter_table("prepared_onboardings", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_prepared_onboardings_waiting",
            postgresql_where=sa.text("status IN ('waiting')"),
            sqlite_where=sa.text("status IN ('waiting')"),
        )
        batch_op.drop_index("ix_prepared_onboardings_email")
        batch_op.drop_index(batch_op.f("ix_prepared_onboardings_candidate_id"))

    op.drop_table("prepared_onboardings")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_offers_open_candidate",
            postgresql_where=sa.text("status IN ('pending_approval', 'extended')"),
            sqlite_where=sa.text("status IN ('pending_approval', 'extended')"),
        )
        batch_op.drop_index(batch_op.f("ix_offers_requisition_id"))
        batch_op.drop_index(
            "ix_offers_extended_expires_on",
            postgresql_where=sa.text("status IN ('extended')"),
            sqlite_where=sa.text("status IN ('extended')"),
        )
        batch_op.drop_index(batch_op.f("ix_offers_candidate_id"))

    op.drop_table("offers")
    with op.batch_alter_table("requisition_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requisition_revisions_requisition_id"))

    op.drop_table("requisition_revisions")

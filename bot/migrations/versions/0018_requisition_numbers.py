"""Requisition numbers per workspace (`requisitions.number`): what people read as "#3" is counted within the
workspace, so two companies on one deployment never see each other's volume in it. Existing requisitions are
numbered in the order they were made, per workspace; the id stays the key.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("requisitions") as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE requisitions SET number = (SELECT count(*) FROM requisitions AS earlier "
        "WHERE earlier.workspace = requisitions.workspace AND earlier.id <= requisitions.id)"
    )
    with op.batch_alter_table("requisitions") as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_requisitions_number", ["workspace", "number"])


def downgrade() -> None:
    with op.batch_alter_table("requisitions") as batch_op:
        batch_op.drop_constraint("uq_requisitions_number", type_="unique")
        batch_op.drop_column("number")

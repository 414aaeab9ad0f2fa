"""Which candidate an onboarding is for (`onboardings.candidate_id`), when it was started from their hire:
the hire's message then no longer offers to start it again or to prepare an offer. Erasing the candidate
leaves the onboarding, unlinked.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("onboardings") as batch_op:
        batch_op.add_column(sa.Column("candidate_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_onboardings_candidate_id_candidates"), "candidates", ["candidate_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(op.f("ix_onboardings_candidate_id"), ["candidate_id"])


def downgrade() -> None:
    with op.batch_alter_table("onboardings") as batch_op:
        batch_op.drop_index(op.f("ix_onboardings_candidate_id"))
        batch_op.drop_constraint(op.f("fk_onboardings_candidate_id_candidates"), type_="foreignkey")
        batch_op.drop_column("candidate_id")

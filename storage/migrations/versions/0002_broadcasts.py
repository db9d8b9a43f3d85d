"""broadcasts: message bodies as unbounded text

Revision ID: 0002
Revises: 0001
A broadcast's body may be longer than one Telegram message (the delivery engine splits it),
so text_sq and text_en become TEXT instead of VARCHAR(4096), which PostgreSQL enforces.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column(
            "text_sq", existing_type=sa.String(length=4096), type_=sa.Text(), nullable=False
        )
        batch_op.alter_column(
            "text_en", existing_type=sa.String(length=4096), type_=sa.Text(), nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column(
            "text_en", existing_type=sa.Text(), type_=sa.String(length=4096), nullable=True
        )
        batch_op.alter_column(
            "text_sq", existing_type=sa.Text(), type_=sa.String(length=4096), nullable=False
        )

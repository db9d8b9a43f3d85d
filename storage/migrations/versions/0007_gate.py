"""gate: remember who was told to use Ura's commands in the private chat

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "private_hints",
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("told_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("telegram_user_id", name=op.f("pk_private_hints")),
    )


def downgrade() -> None:
    op.drop_table("private_hints")

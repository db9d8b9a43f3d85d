"""audience: signing keys for buttons, readers of exchange entries with their own audience,
revocable invites

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
    )

    op.create_table(
        "exchange_entry_readers",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["exchange_entries.id"],
            name=op.f("fk_exchange_entry_readers_entry_id_exchange_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_exchange_entry_readers_member_id_members")
        ),
        sa.PrimaryKeyConstraint("entry_id", "member_id", name=op.f("pk_exchange_entry_readers")),
    )
    op.create_index(
        "ix_exchange_entry_readers_member",
        "exchange_entry_readers",
        ["member_id", "entry_id"],
        unique=False,
    )
    _backfill_alert_readers()
    op.add_column(
        "invites",
        sa.Column("revoked_at", storage.base.UTCDateTime(timezone=True), nullable=True),
    )


def _backfill_alert_readers() -> None:
    """Entries already logged about alerts get the alert's audience: sender and recipients."""
    op.execute(
        "INSERT INTO exchange_entry_readers (entry_id, member_id) "
        "SELECT e.id, a.raised_by_member_id FROM exchange_entries e "
        "JOIN alerts a ON e.ref_type = 'alert' AND e.ref_id = a.id "
        "UNION "
        "SELECT e.id, r.member_id FROM exchange_entries e "
        "JOIN alert_recipients r ON e.ref_type = 'alert' AND e.ref_id = r.alert_id"
    )


def downgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.drop_column("revoked_at")
    op.drop_index("ix_exchange_entry_readers_member", table_name="exchange_entry_readers")
    op.drop_table("exchange_entry_readers")
    op.drop_table("signing_keys")

"""requests: Advisory Group monitoring requests, who they reached, and their answers

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "info_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("asker_member_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("agency", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachment", sa.JSON(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("purged_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["asker_member_id"],
            ["members.id"],
            name=op.f("fk_info_requests_asker_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_info_requests_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_info_requests")),
    )
    with op.batch_alter_table("info_requests", schema=None) as batch_op:
        batch_op.create_index("ix_info_requests_status_due", ["status", "due_on"], unique=False)

    op.create_table(
        "info_request_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("attachment", sa.JSON(), nullable=True),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("purged_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_info_request_answers_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["info_requests.id"],
            name=op.f("fk_info_request_answers_request_id_info_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_info_request_answers")),
    )
    with op.batch_alter_table("info_request_answers", schema=None) as batch_op:
        batch_op.create_index("ix_info_request_answers_request", ["request_id"], unique=False)

    op.create_table(
        "info_request_recipients",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("forwarded_by_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["forwarded_by_member_id"],
            ["members.id"],
            name=op.f("fk_info_request_recipients_forwarded_by_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_info_request_recipients_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["info_requests.id"],
            name=op.f("fk_info_request_recipients_request_id_info_requests"),
        ),
        sa.PrimaryKeyConstraint("request_id", "member_id", name=op.f("pk_info_request_recipients")),
    )


def downgrade() -> None:
    op.drop_table("info_request_recipients")
    with op.batch_alter_table("info_request_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_info_request_answers_request")

    op.drop_table("info_request_answers")
    with op.batch_alter_table("info_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_info_requests_status_due")

    op.drop_table("info_requests")

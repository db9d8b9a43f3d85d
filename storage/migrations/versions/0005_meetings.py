"""meetings: roundtables, invitees and their answers, chairs, follow-up actions

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _members_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["members.id"], name=op.f(f"fk_{table}_{column}_members")
    )


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("organiser_member_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("starts_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        _members_fk("meetings", "organiser_member_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("uid", name=op.f("uq_meetings_uid")),
    )
    op.create_index("ix_meetings_starts", "meetings", ["status", "starts_at"], unique=False)
    op.create_index(
        op.f("ix_meetings_organiser_member_id"), "meetings", ["organiser_member_id"], unique=False
    )
    op.create_table(
        "meeting_invitees",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.String(length=8), nullable=True),
        sa.Column("responded_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_invitees_meeting_id_meetings")
        ),
        _members_fk("meeting_invitees", "member_id"),
        sa.PrimaryKeyConstraint("meeting_id", "member_id", name=op.f("pk_meeting_invitees")),
    )
    op.create_index(
        op.f("ix_meeting_invitees_member_id"), "meeting_invitees", ["member_id"], unique=False
    )
    op.create_table(
        "meeting_chairs",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("appointed_by_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_meeting_chairs_group_id_groups")
        ),
        _members_fk("meeting_chairs", "member_id"),
        _members_fk("meeting_chairs", "appointed_by_member_id"),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_meeting_chairs")),
    )
    op.create_index(
        op.f("ix_meeting_chairs_member_id"), "meeting_chairs", ["member_id"], unique=False
    )
    op.create_table(
        "meeting_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("owner_member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("due_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("done_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by_member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_actions_meeting_id_meetings")
        ),
        _members_fk("meeting_actions", "owner_member_id"),
        _members_fk("meeting_actions", "created_by_member_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_actions")),
    )
    op.create_index(
        "ix_meeting_actions_open",
        "meeting_actions",
        ["owner_member_id", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_meeting_actions_meeting_id"), "meeting_actions", ["meeting_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_meeting_actions_meeting_id"), table_name="meeting_actions")
    op.drop_index("ix_meeting_actions_open", table_name="meeting_actions")
    op.drop_table("meeting_actions")
    op.drop_index(op.f("ix_meeting_chairs_member_id"), table_name="meeting_chairs")
    op.drop_table("meeting_chairs")
    op.drop_index(op.f("ix_meeting_invitees_member_id"), table_name="meeting_invitees")
    op.drop_table("meeting_invitees")
    op.drop_index(op.f("ix_meetings_organiser_member_id"), table_name="meetings")
    op.drop_index("ix_meetings_starts", table_name="meetings")
    op.drop_table("meetings")

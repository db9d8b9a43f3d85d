"""rosters: duty rotations per region and sector, their overrides, working hours, and who
was on duty when an alert arrived

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "working_hours",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.Column("on_duty_first", sa.Boolean(), nullable=False),
        sa.Column("updated_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_working_hours_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_working_hours")),
    )
    op.create_table(
        "rotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("handover_minute", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("member_ids", sa.JSON(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("updated_by_member_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_rotations_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_member_id"],
            ["members.id"],
            name=op.f("fk_rotations_updated_by_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotations")),
        sa.UniqueConstraint("group_id", "agency", name=op.f("uq_rotations_group_id")),
    )
    op.create_table(
        "alert_on_duty",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("outside_hours", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_alert_on_duty_alert_id_alerts")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_alert_on_duty_member_id_members")
        ),
        sa.PrimaryKeyConstraint("alert_id", "member_id", name=op.f("pk_alert_on_duty")),
    )
    op.create_table(
        "roster_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rotation_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("replaces_member_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_member_id"],
            ["members.id"],
            name=op.f("fk_roster_overrides_created_by_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_roster_overrides_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["replaces_member_id"],
            ["members.id"],
            name=op.f("fk_roster_overrides_replaces_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["rotation_id"],
            ["rotations.id"],
            name=op.f("fk_roster_overrides_rotation_id_rotations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_overrides")),
    )
    with op.batch_alter_table("roster_overrides", schema=None) as batch_op:
        batch_op.create_index(
            "ix_roster_overrides_rotation_span", ["rotation_id", "ends_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("roster_overrides", schema=None) as batch_op:
        batch_op.drop_index("ix_roster_overrides_rotation_span")

    op.drop_table("roster_overrides")
    op.drop_table("alert_on_duty")
    op.drop_table("rotations")
    op.drop_table("working_hours")

"""alerts: tables of the alerts feature

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = storage.base.UTCDateTime


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("raised_by_member_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attachment", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("holder_agency", sa.String(length=32), nullable=True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("acknowledged_at", UTC(timezone=True), nullable=True),
        sa.Column("resolved_at", UTC(timezone=True), nullable=True),
        sa.Column("resolved_by_member_id", sa.Integer(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        _fk("alerts", "raised_by_member_id", "members"),
        _fk("alerts", "group_id", "groups"),
        _fk("alerts", "resolved_by_member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    op.create_index("ix_alerts_status", "alerts", ["status", "group_id"], unique=False)
    op.create_index(
        op.f("ix_alerts_raised_by_member_id"), "alerts", ["raised_by_member_id"], unique=False
    )
    op.create_table(
        "alert_recipients",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("acknowledged_at", UTC(timezone=True), nullable=True),
        sa.Column("acting_since", UTC(timezone=True), nullable=True),
        _fk("alert_recipients", "alert_id", "alerts"),
        _fk("alert_recipients", "member_id", "members"),
        sa.PrimaryKeyConstraint("alert_id", "member_id", name=op.f("pk_alert_recipients")),
    )
    op.create_table(
        "alert_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("at", UTC(timezone=True), nullable=False),
        _fk("alert_events", "alert_id", "alerts"),
        _fk("alert_events", "member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_events")),
    )
    op.create_index(op.f("ix_alert_events_alert_id"), "alert_events", ["alert_id"], unique=False)
    op.create_table(
        "alert_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("from_member_id", sa.Integer(), nullable=False),
        sa.Column("to_agency", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answered_by_member_id", sa.Integer(), nullable=True),
        sa.Column("answer_reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("answered_at", UTC(timezone=True), nullable=True),
        _fk("alert_referrals", "alert_id", "alerts"),
        _fk("alert_referrals", "from_member_id", "members"),
        _fk("alert_referrals", "answered_by_member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_referrals")),
    )
    op.create_index(
        op.f("ix_alert_referrals_alert_id"), "alert_referrals", ["alert_id"], unique=False
    )
    op.create_table(
        "alert_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_by_member_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTC(timezone=True), nullable=False),
        _fk("alert_policies", "updated_by_member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_policies")),
        sa.UniqueConstraint("kind", "scope", name=op.f("uq_alert_policies_kind")),
    )


def downgrade() -> None:
    op.drop_table("alert_policies")
    op.drop_index(op.f("ix_alert_referrals_alert_id"), table_name="alert_referrals")
    op.drop_table("alert_referrals")
    op.drop_index(op.f("ix_alert_events_alert_id"), table_name="alert_events")
    op.drop_table("alert_events")
    op.drop_table("alert_recipients")
    op.drop_index(op.f("ix_alerts_raised_by_member_id"), table_name="alerts")
    op.drop_index("ix_alerts_status", table_name="alerts")
    op.drop_table("alerts")

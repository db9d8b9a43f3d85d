"""exchange: the exchange log, its groups, per-group settings and full-text search

Revision ID: 0006
Revises: 0005
On SQLite an FTS5 table over the folded text, kept in sync by triggers; on PostgreSQL a GIN
index over to_tsvector('simple', text_folded). Neither is an ORM object.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FTS_COLUMNS = "text_folded, scope"
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE exchange_fts USING fts5(text_folded, scope, "
    "content='exchange_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER exchange_fts_ai AFTER INSERT ON exchange_entries BEGIN "
    f"INSERT INTO exchange_fts(rowid, {_FTS_COLUMNS}) VALUES (new.id, new.text_folded, new.scope);"
    " END",
    "CREATE TRIGGER exchange_fts_ad AFTER DELETE ON exchange_entries BEGIN "
    f"INSERT INTO exchange_fts(exchange_fts, rowid, {_FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.text_folded, old.scope); END",
    "CREATE TRIGGER exchange_fts_au AFTER UPDATE OF text_folded, scope ON exchange_entries BEGIN "
    f"INSERT INTO exchange_fts(exchange_fts, rowid, {_FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.text_folded, old.scope); "
    f"INSERT INTO exchange_fts(rowid, {_FTS_COLUMNS}) VALUES (new.id, new.text_folded, new.scope);"
    " END",
]
POSTGRES_SEARCH = [
    "CREATE INDEX ix_exchange_entries_search ON exchange_entries "
    "USING gin (to_tsvector('simple', text_folded))"
]


def upgrade() -> None:
    op.create_table(
        "exchange_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sender_member_id", sa.Integer(), nullable=True),
        sa.Column("sender_name", sa.String(length=128), nullable=False),
        sa.Column("organisation", sa.String(length=160), nullable=True),
        sa.Column("topic", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_folded", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=400), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("ref_type", sa.String(length=32), nullable=True),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("first_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("source_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("source_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("purged_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["exchange_entries.id"],
            name=op.f("fk_exchange_entries_parent_id_exchange_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["sender_member_id"],
            ["members.id"],
            name=op.f("fk_exchange_entries_sender_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_entries")),
    )
    op.create_index("ix_exchange_entries_created", "exchange_entries", ["created_at"])
    op.create_index("ix_exchange_entries_first", "exchange_entries", ["first_id"])
    op.create_index("ix_exchange_entries_ref", "exchange_entries", ["ref_type", "ref_id"])
    op.create_index(
        "ix_exchange_entries_source", "exchange_entries", ["source_chat_id", "source_message_id"]
    )
    op.create_index("ix_exchange_entries_thread", "exchange_entries", ["thread_id"])
    op.create_table(
        "exchange_entry_groups",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["exchange_entries.id"],
            name=op.f("fk_exchange_entry_groups_entry_id_exchange_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_exchange_entry_groups_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("entry_id", "group_id", name=op.f("pk_exchange_entry_groups")),
    )
    op.create_index(
        "ix_exchange_entry_groups_group", "exchange_entry_groups", ["group_id", "entry_id"]
    )
    op.create_table(
        "exchange_group_settings",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("replies_to_group", sa.Boolean(), nullable=False),
        sa.Column("linked_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("linked_by_member_id", sa.Integer(), nullable=True),
        sa.Column("linked_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_exchange_group_settings_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_member_id"],
            ["members.id"],
            name=op.f("fk_exchange_group_settings_linked_by_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_exchange_group_settings")),
        sa.UniqueConstraint(
            "linked_chat_id", name=op.f("uq_exchange_group_settings_linked_chat_id")
        ),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_SEARCH if dialect == "sqlite" else POSTGRES_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("exchange_fts_au", "exchange_fts_ad", "exchange_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS exchange_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_exchange_entries_search")
    op.drop_table("exchange_group_settings")
    op.drop_index("ix_exchange_entry_groups_group", table_name="exchange_entry_groups")
    op.drop_table("exchange_entry_groups")
    op.drop_index("ix_exchange_entries_thread", table_name="exchange_entries")
    op.drop_index("ix_exchange_entries_source", table_name="exchange_entries")
    op.drop_index("ix_exchange_entries_ref", table_name="exchange_entries")
    op.drop_index("ix_exchange_entries_first", table_name="exchange_entries")
    op.drop_index("ix_exchange_entries_created", table_name="exchange_entries")
    op.drop_table("exchange_entries")

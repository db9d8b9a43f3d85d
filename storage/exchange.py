"""The exchange log: every update, reply, alert, notice and broadcast Ura relays, append-only.

An entry is never overwritten: an edit is a new row (``version`` + 1, same ``first_id``) and
the older row is only marked ``current = False``. Retention blanks the text and attachments
of old entries (``purged_at``) but keeps the rows, so counts for reports survive.

Search reads a folded copy of the text (``text_folded``: lower case, ë→e, ç→c) through
SQLite's FTS5 table ``exchange_fts`` (external content, kept in sync by triggers) or a GIN
index over ``to_tsvector('simple', text_folded)`` on PostgreSQL; both are made by migration
0006 and are not ORM objects, hence ``include_object`` for Alembic's comparisons.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base

FTS_TABLE = "exchange_fts"  # SQLite only; its shadow tables share the prefix
PG_SEARCH_INDEX = "ix_exchange_entries_search"  # PostgreSQL only (an expression index)


class ExchangeEntry(Base):
    __tablename__ = "exchange_entries"
    __table_args__ = (
        Index("ix_exchange_entries_created", "created_at"),
        Index("ix_exchange_entries_thread", "thread_id"),
        Index("ix_exchange_entries_first", "first_id"),
        Index("ix_exchange_entries_source", "source_chat_id", "source_message_id"),
        Index("ix_exchange_entries_ref", "ref_type", "ref_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # a bot.log.model.EntryKind: update|reply|...
    sender_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    # Name and organisation as they were when sent: the record must not change later.
    sender_name: Mapped[str] = mapped_column(String(128))
    organisation: Mapped[str | None] = mapped_column(String(160))
    topic: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    text_folded: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(400))  # "g3 g12": the groups, for FTS filtering
    # Each one as bot.core.attachments.Attachment.to_json() writes it: {"kind": "photo" |
    # "document" | "location", ...} (migration 0013 rewrote the older shapes).
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON)
    ref_type: Mapped[str | None] = mapped_column(String(32))
    ref_id: Mapped[int | None]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_entries.id"))
    thread_id: Mapped[int | None]  # the first entry of the thread (itself for a root)
    first_id: Mapped[int | None]  # the first version (itself for the first)
    version: Mapped[int] = mapped_column(default=1)
    current: Mapped[bool] = mapped_column(default=True)
    source_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    purged_at: Mapped[datetime | None]


class ExchangeEntryGroup(Base):
    """Which groups an entry went to; who may see it follows from these."""

    __tablename__ = "exchange_entry_groups"
    __table_args__ = (Index("ix_exchange_entry_groups_group", "group_id", "entry_id"),)

    entry_id: Mapped[int] = mapped_column(ForeignKey("exchange_entries.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)


class ExchangeEntryReader(Base):
    """For an entry about something with an audience of its own (an alert and its notes): the
    members who may read it, besides coordinators. An entry with readers is read by them
    alone; its groups then only say where it belongs (for /history #group and exports)."""

    __tablename__ = "exchange_entry_readers"
    __table_args__ = (Index("ix_exchange_entry_readers_member", "member_id", "entry_id"),)

    entry_id: Mapped[int] = mapped_column(ForeignKey("exchange_entries.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)


class ExchangeGroupSettings(Base):
    """Per group: do replies go to the whole group, and the linked Telegram group chat."""

    __tablename__ = "exchange_group_settings"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    replies_to_group: Mapped[bool] = mapped_column(default=False)
    linked_chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    linked_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    linked_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """For Alembic: the search table and index live outside the ORM, so don't compare them."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == PG_SEARCH_INDEX)

"""The outbox: every message Ura sends is a row first, written with the action that caused it.

A row also remembers the Telegram message id once sent, so copies can be edited later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base

PENDING = "pending"
CLAIMED = "claimed"  # taken by a worker, not yet handed to Telegram: safe to take back
SENDING = "sending"  # handed to Telegram: if the worker dies now the outcome is unknown
SENT = "sent"
FAILED = "failed"
UNCERTAIN = "uncertain"
CANCELLED = "cancelled"
FINAL_STATES = (SENT, FAILED, UNCERTAIN, CANCELLED)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_ready", "state", "priority", "not_before", "id"),
        Index("ix_outbox_ref", "ref_type", "ref_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    priority: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))  # text | edit | document
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(300))
    edit_of_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id"), index=True)
    ref_type: Mapped[str | None] = mapped_column(String(32))
    ref_id: Mapped[int | None]
    created_at: Mapped[datetime]


class DeliveryWorker(Base):
    """A running sender's heartbeat, so a later one can tell a dead one's claims apart."""

    __tablename__ = "delivery_workers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Text, not String(4096): the body may exceed one Telegram message; delivery splits it.
    text_sq: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))  # draft|scheduled|sending|done|cancelled
    send_at: Mapped[datetime | None]
    progress_outbox_id: Mapped[int | None]  # the organiser's progress message (outbox row)
    recipients: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]

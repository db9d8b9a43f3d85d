"""Channels beyond Telegram: members' e-mail addresses and the e-mails Ura sends them, and the
outgoing webhooks other systems register, with each event's deliveries. Sends are durable rows,
claimed and settled like the Telegram outbox (pending → claimed → sending → sent | failed |
uncertain; a dead sender's claims go back to pending, its sends in flight become uncertain)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class MemberEmail(Base):
    __tablename__ = "member_emails"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    mode: Mapped[str] = mapped_column(String(16))  # never | fallback | urgent
    confirmed_at: Mapped[datetime | None]
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None]
    code_attempts: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]


class EmailMessage(Base):
    __tablename__ = "email_messages"
    __table_args__ = (Index("ix_email_messages_due", "state", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(16))  # confirm | fallback | urgent
    state: Mapped[str] = mapped_column(String(16))  # bot.channels.model.SendState
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    ref_type: Mapped[str | None] = mapped_column(String(32))
    ref_id: Mapped[int | None]
    created_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(128))  # signs each body (HMAC-SHA256)
    events: Mapped[list[str]] = mapped_column(JSON)
    with_texts: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    failing_since: Mapped[datetime | None]
    created_at: Mapped[datetime]


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "state", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"))
    event_id: Mapped[str] = mapped_column(String(40))
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # bot.channels.model.SendState
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]


class ChannelCursor(Base):
    """How far the webhook dispatcher has read the audit log (one row per reader)."""

    __tablename__ = "channel_cursors"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_id: Mapped[int]
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

"""The alert aggregate: the alert, who received it, its history, referrals and policies.

The description is Text and never shortened: what a sender wrote is kept whole even when
Telegram needs it split or refuses a message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status", "status", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    raised_by_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    category: Mapped[str] = mapped_column(String(32))
    urgency: Mapped[str] = mapped_column(String(16))  # urgent | normal
    description: Mapped[str] = mapped_column(Text)
    # {"kind": "photo"|"document"|"location", "file_id"...} or {"latitude","longitude"}
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))  # open|acknowledged|in_action|resolved
    holder_agency: Mapped[str | None] = mapped_column(String(32))  # after an accepted referral
    escalation_level: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolved_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    closing_note: Mapped[str | None] = mapped_column(Text)


class AlertRecipient(Base):
    """One person an alert reached, and what they did with it."""

    __tablename__ = "alert_recipients"

    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))  # routed|coordinator|escalation|referral
    created_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    acting_since: Mapped[datetime | None]


class AlertEvent(Base):
    """The alert's history: every press, note, escalation, referral and the resolution."""

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(24))
    text: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime]


class AlertReferral(Base):
    __tablename__ = "alert_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    from_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    to_agency: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # pending | accepted | declined
    answered_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    answer_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


class AlertPolicy(Base):
    """A coordinator's change to the shipped routing or escalation defaults (kind + scope)."""

    __tablename__ = "alert_policies"
    __table_args__ = (UniqueConstraint("kind", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # routing | escalation
    scope: Mapped[str] = mapped_column(String(64))  # "*", "region:durres", "category:other"
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    updated_at: Mapped[datetime]

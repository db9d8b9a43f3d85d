"""Advisory Group monitoring requests: a question or a recommendation to an institution, the
people it reached, and the answers it received."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class InfoRequest(Base):
    __tablename__ = "info_requests"
    __table_args__ = (Index("ix_info_requests_status_due", "status", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # question | recommendation
    asker_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    target: Mapped[str] = mapped_column(String(16))  # sector | committee | office
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    agency: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    due_on: Mapped[date]  # the day it is due, in the configured zone
    status: Mapped[str] = mapped_column(String(16))  # open | answered | closed
    verdict: Mapped[str | None] = mapped_column(String(16))  # the latest answer's, if any
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]


class InfoRequestRecipient(Base):
    """Who a request reached and why: its addressees, colleagues it was forwarded to, and
    those who see it to follow it (the committee's chair, the coordinators)."""

    __tablename__ = "info_request_recipients"

    request_id: Mapped[int] = mapped_column(ForeignKey("info_requests.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # addressee | forwarded | chair | coordinator
    forwarded_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class InfoRequestAnswer(Base):
    __tablename__ = "info_request_answers"
    __table_args__ = (Index("ix_info_request_answers_request", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("info_requests.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(16))  # accepted | partly | not_accepted
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]
    purged_at: Mapped[datetime | None]

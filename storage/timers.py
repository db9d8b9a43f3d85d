"""Time as data: every reminder, escalation, digest or follow-up is a row with a due time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Timer(Base):
    __tablename__ = "timers"
    __table_args__ = (
        Index("ix_timers_due", "state", "due_at"),
        Index("ix_timers_ref", "kind", "ref_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # e.g. alert.escalate, meeting.remind
    ref_id: Mapped[int]  # the row it is about (an alert, a meeting, ...)
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending|fired|cancelled|failed
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    fired_at: Mapped[datetime | None]

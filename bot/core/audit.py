"""Recording what happened, in the same transaction as the action itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import AuditEvent


def record(
    session: AsyncSession,
    now: datetime,
    action: str,
    *,
    actor_member_id: int | None = None,
    actor_telegram_id: int | None = None,
    subject: tuple[str, object] | None = None,
    **details: Any,
) -> AuditEvent:
    event = AuditEvent(
        at=now,
        action=action,
        actor_member_id=actor_member_id,
        actor_telegram_id=actor_telegram_id,
        subject_type=subject[0] if subject else None,
        subject_id=str(subject[1]) if subject else None,
        details=details,
    )
    session.add(event)
    return event

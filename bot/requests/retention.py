"""Retention for monitoring requests: after URA_RETENTION_DAYS the words of a request and of
its answers are blanked; kind, addressee, dates, state and verdicts stay for the reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.requests import InfoRequest, InfoRequestAnswer


async def purge(session: AsyncSession, now: datetime, days: int) -> int:
    """Blank requests and answers older than `days`; returns how many rows were blanked."""
    before = now - timedelta(days=days)
    asked = await session.execute(
        update(InfoRequest)
        .where(InfoRequest.created_at < before, InfoRequest.purged_at.is_(None))
        .values(text="", attachment=None, purged_at=now)
    )
    answered = await session.execute(
        update(InfoRequestAnswer)
        .where(InfoRequestAnswer.created_at < before, InfoRequestAnswer.purged_at.is_(None))
        .values(text="", attachment=None, purged_at=now)
    )
    return int(asked.rowcount or 0) + int(answered.rowcount or 0)  # type: ignore[attr-defined]

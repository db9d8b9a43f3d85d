"""Claiming and settling sends of the outer channels (e-mail, webhooks), as the Telegram outbox
does: a due row is claimed (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's write lock),
marked sending in its own transaction, sent outside any transaction, then settled. A row still
"sending" after the lease belonged to a process that died: it is settled as uncertain, never
sent twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.model import (
    BACKOFF_BASE_SECONDS,
    BACKOFF_MAX_SECONDS,
    BATCH,
    CLAIM_LEASE_SECONDS,
    SendState,
)
from storage.channels import EmailMessage, WebhookDelivery

Row = TypeVar("Row", EmailMessage, WebhookDelivery)


async def claim(
    session: AsyncSession, model: type[Row], now: datetime, limit: int = BATCH
) -> Sequence[Row]:
    query = (
        select(model)
        .where(model.state == SendState.PENDING, model.not_before <= now)
        .order_by(model.not_before, model.id)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = (await session.scalars(query)).all()
    for row in rows:
        row.state, row.claimed_at = SendState.SENDING, now
        row.attempts += 1
    return rows


async def settle_abandoned(session: AsyncSession, model: type[Row], now: datetime) -> int:
    """Sends a dead process left mid-way: they may have gone, so they are not repeated."""
    result = await session.execute(
        update(model)
        .where(
            model.state == SendState.SENDING,
            model.claimed_at < now - timedelta(seconds=CLAIM_LEASE_SECONDS),
        )
        .values(state=SendState.UNCERTAIN, settled_at=now, last_error="the sender stopped mid-send")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1)))


def short(reason: object) -> str:
    """An error as a short line for the record: its kind and the first words, no traceback."""
    text = str(reason).replace("\n", " ").strip()
    name = type(reason).__name__ if isinstance(reason, BaseException) else ""
    return (f"{name}: {text}" if name else text)[:200]

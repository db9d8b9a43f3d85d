"""Claiming and settling sends of the outer channels (e-mail, webhooks), as the Telegram outbox
does. A due row is claimed (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's write lock);
just before its send it is marked sending in its own committed transaction; it is sent outside
any transaction, then settled. After a crash (kill -9), once the lease is over, a claimed row
that was never started goes back to the queue, and a row still "sending" is settled as
uncertain: it may have gone, so it is never sent twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.model import BACKOFF_BASE_SECONDS, BACKOFF_MAX_SECONDS, BATCH, SendState
from storage.channels import EmailMessage, WebhookDelivery

Row = TypeVar("Row", EmailMessage, WebhookDelivery)
Model = type[EmailMessage] | type[WebhookDelivery]
STOPPED = "the sender stopped mid-send"


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
        row.state, row.claimed_at = SendState.CLAIMED, now
    return rows


async def mark_sending(
    session: AsyncSession, model: Model, row_id: int, claimed_at: datetime, now: datetime
) -> bool:
    """In flight from now on. False when the claim is no longer ours (a lease ran out and
    another sender took the row back): then it is not sent here."""
    result = await session.execute(
        update(model)
        .where(
            model.id == row_id,
            model.state == SendState.CLAIMED,
            model.claimed_at == claimed_at,
        )
        .values(state=SendState.SENDING, claimed_at=now, attempts=model.attempts + 1)
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


async def settle_abandoned(
    session: AsyncSession, model: Model, now: datetime, lease: timedelta
) -> tuple[int, int]:
    """What a dead sender left: claims never started go back to the queue; sends in flight
    may have gone, so they are counted uncertain and not repeated. Returns (back, uncertain)."""
    stale = model.claimed_at < now - lease
    back = await session.execute(
        update(model)
        .where(model.state == SendState.CLAIMED, stale)
        .values(state=SendState.PENDING, claimed_at=None)
    )
    lost = await session.execute(
        update(model)
        .where(model.state == SendState.SENDING, stale)
        .values(state=SendState.UNCERTAIN, settled_at=now, last_error=STOPPED)
    )
    return int(back.rowcount or 0), int(lost.rowcount or 0)  # type: ignore[attr-defined]


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1)))


def short(reason: object) -> str:
    """An error as a short line for the record: its kind and the first words, no traceback."""
    text = str(reason).replace("\n", " ").strip()
    name = type(reason).__name__ if isinstance(reason, BaseException) else ""
    return (f"{name}: {text}" if name else text)[:200]

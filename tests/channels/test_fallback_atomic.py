"""A message Telegram could not deliver and its e-mail copy commit together: a crash between
marking the message undeliverable and queueing its e-mail can lose neither alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.email import enqueue as enqueue_email
from bot.channels.model import EmailPurpose
from bot.core.rendering import Reply
from bot.delivery.outbox import enqueue
from bot.delivery.store import OutboxStore
from storage.channels import EmailMessage
from storage.db import SessionFactory
from storage.outbox import FAILED, OutboxMessage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CHAT = 5001


async def _one_message(sessions: SessionFactory) -> int:
    async with sessions.begin() as session:
        row = enqueue(session, chat_id=CHAT, reply=Reply("Njoftim"), now=NOW)
        await session.flush()
        return row.id


async def _state(sessions: SessionFactory, row_id: int) -> tuple[str, int]:
    async with sessions() as session:
        row = await session.get(OutboxMessage, row_id)
        emails = await session.scalar(select(func.count()).select_from(EmailMessage))
    assert row is not None
    return row.state, int(emails or 0)


async def test_the_failure_and_its_email_copy_commit_together(sessions: SessionFactory) -> None:
    row_id = await _one_message(sessions)
    store = OutboxStore(sessions, "w")

    async def copy(session: AsyncSession) -> None:
        enqueue_email(session, NOW, None, "besa@asp.gov.al", "s", "b", EmailPurpose.FALLBACK)

    await store.fail_chat(CHAT, "unreachable: blocked", [row_id], then=copy)
    assert await _state(sessions, row_id) == (FAILED, 1)


async def test_a_crash_before_the_copy_is_queued_leaves_the_message_as_it_was(
    sessions: SessionFactory,
) -> None:
    row_id = await _one_message(sessions)
    before, _ = await _state(sessions, row_id)
    store = OutboxStore(sessions, "w")

    async def crash(session: AsyncSession) -> None:
        raise RuntimeError("the process died here")

    with pytest.raises(RuntimeError):
        await store.fail_chat(CHAT, "unreachable: blocked", [row_id], then=crash)
    assert await _state(sessions, row_id) == (before, 0), "not failed without its e-mail"

"""The engine's database side: claim ready rows, record each step of a send, recover a dead
worker's claims. Each function is its own short transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.db import SessionFactory
from storage.outbox import (
    CANCELLED,
    CLAIMED,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    UNCERTAIN,
    DeliveryWorker,
    OutboxMessage,
)

# The longest error kept on a row (last_error): Telegram's descriptions fit; a proxy's HTML
# error page does not need to.
ERROR_CHARS = 300


@dataclass
class Job:
    """A claimed row, held in memory while it waits for its turn."""

    id: int
    chat_id: int
    priority: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    member_id: int | None
    broadcast_id: int | None
    ref_type: str | None
    ref_id: int | None
    target_message_id: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def order(self) -> tuple[int, int]:
        return (self.priority, self.id)


class OutboxStore:
    def __init__(self, sessions: SessionFactory, worker_id: str) -> None:
        self._sessions = sessions
        self.worker_id = worker_id

    async def register(self, now: datetime) -> None:
        async with self._sessions.begin() as session:
            session.add(DeliveryWorker(id=self.worker_id, started_at=now, heartbeat_at=now))

    async def heartbeat(self, now: datetime) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryWorker)
                .where(DeliveryWorker.id == self.worker_id)
                .values(heartbeat_at=now)
            )

    async def unregister(self) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.claimed_by == self.worker_id, OutboxMessage.state == CLAIMED)
                .values(state=PENDING, claimed_by=None)
            )
            await session.execute(delete(DeliveryWorker).where(DeliveryWorker.id == self.worker_id))

    async def recover(self, now: datetime, stale_after: float) -> tuple[int, int]:
        """Take back what dead workers held: unsent claims return, in-flight sends are uncertain."""
        async with self._sessions.begin() as session:
            cutoff = now - timedelta(seconds=stale_after)
            await session.execute(
                delete(DeliveryWorker).where(
                    DeliveryWorker.heartbeat_at < cutoff, DeliveryWorker.id != self.worker_id
                )
            )
            orphan = OutboxMessage.claimed_by.not_in(select(DeliveryWorker.id))
            back = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.state == CLAIMED, orphan)
                .values(state=PENDING, claimed_by=None)
            )
            lost = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.state == SENDING, orphan)
                .values(state=UNCERTAIN, last_error="the sender stopped during this send")
            )
            target = aliased(OutboxMessage)
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.kind == "edit",
                    OutboxMessage.state == PENDING,
                    exists().where(
                        target.id == OutboxMessage.edit_of_id,
                        target.state.in_((FAILED, CANCELLED, UNCERTAIN)),
                    ),
                )
                .values(state=CANCELLED, last_error="the message to edit was never sent")
            )
            return back.rowcount or 0, lost.rowcount or 0  # type: ignore[attr-defined]

    async def claim(self, now: datetime, limit: int, skip: set[int]) -> list[Job]:
        target = aliased(OutboxMessage)
        ready = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.state == PENDING,
                OutboxMessage.not_before <= now,
                or_(
                    OutboxMessage.kind != "edit",
                    exists().where(target.id == OutboxMessage.edit_of_id, target.state == SENT),
                ),
            )
            .order_by(OutboxMessage.priority, OutboxMessage.id)
            .limit(limit)
        )
        if skip:
            ready = ready.where(OutboxMessage.id.not_in(skip))
        async with self._sessions.begin() as session:
            if session.get_bind().dialect.name == "postgresql":
                ready = ready.with_for_update(skip_locked=True)
            rows = (
                await session.scalars(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(ready.scalar_subquery()))
                    .values(state=CLAIMED, claimed_by=self.worker_id, claimed_at=now)
                    .returning(OutboxMessage),
                    execution_options={"synchronize_session": False},
                )
            ).all()
            targets: dict[int, int | None] = {}
            edit_of = [r.edit_of_id for r in rows if r.edit_of_id is not None]
            if edit_of:
                found = await session.execute(
                    select(OutboxMessage.id, OutboxMessage.telegram_message_id).where(
                        OutboxMessage.id.in_(edit_of)
                    )
                )
                targets = {row[0]: row[1] for row in found.all()}
        rows = sorted(rows, key=lambda r: (r.priority, r.id))  # RETURNING keeps no order
        return [
            Job(
                id=r.id,
                chat_id=r.chat_id,
                priority=r.priority,
                kind=r.kind,
                payload=dict(r.payload),
                attempts=r.attempts,
                member_id=r.member_id,
                broadcast_id=r.broadcast_id,
                ref_type=r.ref_type,
                ref_id=r.ref_id,
                target_message_id=targets.get(r.edit_of_id) if r.edit_of_id else None,
            )
            for r in rows
        ]

    async def mark_sending(self, job: Job) -> bool:
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == job.id,
                    OutboxMessage.claimed_by == self.worker_id,
                    OutboxMessage.state == CLAIMED,
                )
                .values(state=SENDING, attempts=job.attempts)
            )
            return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def settle(self, job: Job, **values: Any) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == job.id).values(**values)
            )

    async def add_parts(self, job: Job, parts: list[dict[str, Any]], now: datetime) -> None:
        """The continuation of a split message, queued right behind its first part."""
        async with self._sessions.begin() as session:
            for payload in parts:
                session.add(
                    OutboxMessage(
                        chat_id=job.chat_id,
                        member_id=job.member_id,
                        priority=job.priority,
                        kind="text",
                        payload=payload,
                        state=PENDING,
                        attempts=0,
                        not_before=now,
                        broadcast_id=None,
                        ref_type=job.ref_type,
                        ref_id=job.ref_id,
                        created_at=now,
                    )
                )

    async def fail_chat(
        self,
        chat_id: int,
        reason: str,
        ids: list[int],
        then: Callable[[AsyncSession], Awaitable[None]] | None = None,
    ) -> None:
        """Fail these rows of a chat; `then` runs in the same transaction (what must happen
        because they failed, such as their e-mail copies, commits with them or not at all)."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids))
                .values(state=FAILED, last_error=reason[:ERROR_CHARS])
            )
            if then is not None:
                await then(session)

"""Ura's side of a benchmark: a real DeliveryEngine over a fresh, migrated SQLite file.

Rows are written with ``bot.delivery.enqueue`` in one transaction, exactly as services do;
completion is read from the engine's listeners (sent/failed) and confirmed in the outbox table.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import TracebackType

from sqlalchemy import func, select
from telegram import Bot

import storage.models  # noqa: F401 - the whole schema, so foreign keys resolve
from bench.common import Message
from bot.core.callbacks import CallbackSigner
from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import DeliveryEngine, Job, Priority, enqueue
from bot.delivery.gateway import TelegramGateway
from bot.sandbox.telegram import FakeBotApi
from config.settings import DeliverySettings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.outbox import FINAL_STATES, OutboxMessage

STOP_RETRIES: list[int] = []  # extra cancels each stop needed (the wait_for workaround)


async def stop_engine(engine: DeliveryEngine) -> None:
    """Cancel the engine's loops until they really end, then ``engine.stop()``.

    A guard and a regression check: before the engine slept with ``asyncio.timeout``, Python
    3.11's ``wait_for`` swallowed a cancellation that came just as ``_poke`` was set, and
    ``engine.stop()`` alone could hang. ``engine_stops_needing_recancel`` should stay 0.
    """
    extra = 0
    for task in (engine._loop_task, engine._chores_task):  # private: see the docstring
        if task is None:
            continue
        task.cancel()
        while not (await asyncio.wait({task}, timeout=0.5))[0]:
            extra += 1
            task.cancel()
    STOP_RETRIES.append(extra)
    await engine.stop()


class UraSide:
    """`async with UraSide(server) as ura:` then enqueue, start, wait_final."""

    def __init__(self, server: FakeBotApi, settings: DeliverySettings | None = None) -> None:
        self.server = server
        self.settings = settings or DeliverySettings()
        self.clock = SystemClock()
        self.finished: set[int] = set()
        self._changed = asyncio.Event()
        self._tmp = tempfile.TemporaryDirectory(prefix="ura-bench-")
        self.url = f"sqlite+aiosqlite:///{Path(self._tmp.name) / 'ura.db'}"

    async def __aenter__(self) -> UraSide:
        await upgrade(self.url)
        self.db = create_engine(self.url)
        self.sessions = create_session_factory(self.db)
        self.bot = Bot(self.server.token, base_url=f"{self.server.base_url}/bot")
        await self.bot.initialize()
        gateway = TelegramGateway(
            self.bot, CallbackSigner(b"x"), self.settings.request_timeout_seconds
        )
        self.engine = DeliveryEngine(self.sessions, gateway, self.settings, self.clock)
        self.engine.listeners.append(self._on_final)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await stop_engine(self.engine)
        await self.bot.shutdown()
        await self.db.dispose()
        self._tmp.cleanup()

    async def _on_final(self, job: Job, state: str) -> None:
        self.finished.add(job.id)
        self._changed.set()

    async def enqueue(self, batch: list[Message], priority: Priority) -> list[int]:
        """All rows in one transaction; returns their ids."""
        now = self.clock.now()
        async with self.sessions.begin() as session:
            rows = [
                enqueue(session, chat_id=m.chat_id, reply=Reply(m.text), now=now, priority=priority)
                for m in batch
            ]
            await session.flush()
            ids = [row.id for row in rows]
        return ids

    async def start(self) -> None:
        await self.engine.start()
        self.engine.wake()

    async def wait_final(self, ids: list[int], stall: float = 90.0) -> bool:
        """Until every row is final; False if nothing progressed for `stall` seconds."""
        wanted = set(ids)
        last_progress, last_count, last_db_check = time.monotonic(), -1, 0.0
        while True:
            count = len(wanted & self.finished)
            now = time.monotonic()
            if count == len(wanted):
                return True
            if now - last_db_check > 2.0:  # rows settled outside the listeners (uncertain)
                last_db_check = now
                if await self.count_final(ids) == len(wanted):
                    return True
            if count != last_count:
                last_count, last_progress = count, now
            elif now - last_progress > stall:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)

    async def count_final(self, ids: list[int]) -> int:
        async with self.sessions() as session:
            query = select(func.count()).where(
                OutboxMessage.id.in_(ids), OutboxMessage.state.in_(FINAL_STATES)
            )
            return int(await session.scalar(query) or 0)

    async def states(self) -> dict[str, int]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            )
            return dict(Counter({state: int(n) for state, n in rows.all()}))

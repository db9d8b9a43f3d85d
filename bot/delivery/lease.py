"""One sender at a time across processes on PostgreSQL: a lease held as an advisory lock.

Why a lease and not a rate shared through rows: Telegram's limit is per bot (~30/s), and one
process sends 30/s with ease, so a second sender adds nothing but the need to agree on every
message. With one sender at a time the existing pacer stays exact, globally and per chat
(30/s, 1/s per private chat, 20/min per group), with no database round trip per message.
Every process still handles updates and fires timers; their replies are outbox rows, which
the sender claims within half a second.

The lease is PostgreSQL's session advisory lock on a connection kept open for it. If the
holder dies (kill -9, a crash, the host gone), PostgreSQL ends its session and frees the lock:
at once when the process dies (its socket closes), within ~15 s when the host vanishes (TCP
keepalives set below). The others try the lock every CHECK_EVERY seconds, so take-over comes
within about a second of a process's death, plus a pause of one pacing window (1 s and the
margin), always: the old holder's last second of sends counts against the bot's limit at
Telegram, and the new holder's pacer knows nothing of it. The new holder first takes back
what the old one
held: claimed rows return to the queue, sends in flight become "uncertain" (as after a
crash). The holder checks its lock's connection every CHECK_EVERY seconds and stops sending
as soon as it is gone. SQLite has one process: it simply sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import SessionFactory
from storage.outbox import CLAIMED, PENDING, SENDING, UNCERTAIN, OutboxMessage

if TYPE_CHECKING:
    from bot.delivery.engine import DeliveryEngine

log = logging.getLogger(__name__)
LOCK_KEY = 0x55524153  # "URAS": the sender
# How often a waiting process tries the lock and the holder checks its connection: take-over
# within about a second, for one cheap query a second per process.
CHECK_EVERY = 1.0
# The holder's check may take this long before the lock's connection counts as gone (a busy
# server answers within it; a dead one never does).
CHECK_TIMEOUT = 3 * CHECK_EVERY
KEEPALIVES = (  # a vanished host's lock is freed within 5 + 3 * 2 seconds
    "SET tcp_keepalives_idle = 5",
    "SET tcp_keepalives_interval = 2",
    "SET tcp_keepalives_count = 3",
)


async def take_back(sessions: SessionFactory, holder: str) -> tuple[int, int]:
    """What earlier holders left: unsent claims return, sends in flight become uncertain."""
    async with sessions.begin() as session:
        others = OutboxMessage.claimed_by != holder
        back = await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == CLAIMED, others)
            .values(state=PENDING, claimed_by=None)
        )
        lost = await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == SENDING, others)
            .values(state=UNCERTAIN, last_error="the sender stopped during this send")
        )
        return back.rowcount or 0, lost.rowcount or 0  # type: ignore[attr-defined]


class SenderLease:
    def __init__(self, engine: AsyncEngine, sessions: SessionFactory, delivery: DeliveryEngine):
        self._engine = engine
        self._sessions = sessions
        self._delivery = delivery
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.held = False

    async def start(self) -> None:
        if self._engine.dialect.name != "postgresql":
            await self._delivery.start()
            self.held = True
            return
        self._task = asyncio.create_task(self._run(), name="ura-sender-lease")

    def close(self) -> None:
        """Shutting down: never become the sender from now on."""
        self._closing = True

    async def stop(self) -> None:
        """Stop trying; the lock goes with the connection. The caller stops the engine."""
        self.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                async with self._engine.connect() as raw:
                    conn = await raw.execution_options(isolation_level="AUTOCOMMIT")
                    for setting in KEEPALIVES:
                        await conn.execute(text(setting))
                    await self._acquire(conn)
                    await self._hold(conn)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the lock's connection broke: stop sending, try again
                log.warning("sender lease lost or unavailable (%s)", type(error).__name__)
            if self.held:
                self.held = False
                await self._delivery.stop()
            await asyncio.sleep(CHECK_EVERY)

    async def _acquire(self, conn: AsyncConnection) -> None:
        query = text("SELECT pg_try_advisory_lock(:key)")
        while True:  # polling: a lock wait would pin a server session in a blocked state
            if not self._closing and await conn.scalar(query, {"key": LOCK_KEY}):
                break
            await asyncio.sleep(CHECK_EVERY)
        back, lost = await take_back(self._sessions, self._delivery.store.worker_id)
        if self._closing:
            return
        # Before the first send: the previous holder's last window of sends (killed or
        # stopped, it may have sent up to the limit just now) has counted at Telegram.
        await asyncio.sleep(self._delivery.pacer.leaving.window)
        log.info("this process is now the sender (took back %d claims, %d uncertain)", back, lost)
        self.held = True
        await self._delivery.start()

    async def _hold(self, conn: AsyncConnection) -> None:
        while True:
            await asyncio.sleep(CHECK_EVERY)
            async with asyncio.timeout(CHECK_TIMEOUT):
                await conn.scalar(text("SELECT 1"))

"""The delivery engine: drains the outbox in priority order at Telegram's limits.

Each chat is paced on its own, so a 429 or a retry in one chat leaves the others flowing;
one message per chat is in flight at a time, so a chat's messages arrive in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import Counter, deque
from datetime import UTC, datetime

from bot.core.clock import Clock
from bot.delivery.gateway import Gateway
from bot.delivery.pacing import Pacer
from bot.delivery.queues import ChatQueues
from bot.delivery.settling import (
    BOT_WIDE_429_COUNT,
    GivenUpHook,
    Listener,
    Settling,
    UnreachableHook,
)
from bot.delivery.store import Job, OutboxStore
from config.settings import DeliverySettings
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# Rows claimed per database round trip: a few seconds of sending at 30/s, few enough that a
# claim stays a short transaction and a dead sender's claims come back in one go.
CLAIM_BATCH = 200
# Claim more when fewer than this wait in memory (two batches: the next claim comes well
# before the queue runs dry at full speed).
LOW_WATER = 2 * CLAIM_BATCH
# A queue below LOW_WATER is topped up at most this often, so an idle outbox costs two quick
# queries a second, and rows committed without a wake() (another process) wait at most this.
REFILL_EVERY = 0.5
# The loop never sleeps longer than REFILL_EVERY when nothing can be sent, nor shorter than
# MIN_SLEEP (a busy wait would starve the sends it waits for).
MIN_SLEEP = 0.005
# After an unexpected error in the loop (a database hiccup): long enough not to spin on it.
LOOP_ERROR_PAUSE = 1.0
# How often the chores (heartbeat, recovery of dead workers' rows, forgetting quiet chats) run
# at most; a third of worker_stale_seconds when that is shorter, so a live worker misses two
# heartbeats before it could count as dead.
CHORES_EVERY = 5.0


class DeliveryEngine(Settling):
    def __init__(
        self,
        sessions: SessionFactory,
        gateway: Gateway,
        settings: DeliverySettings,
        clock: Clock,
        on_unreachable: UnreachableHook | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.store = OutboxStore(sessions, uuid.uuid4().hex)
        self.gateway = gateway
        self.pacer = Pacer(
            settings.global_per_second,
            settings.private_per_second,
            settings.private_burst,
            settings.group_per_minute,
            settings.global_margin_seconds,
        )
        self.on_unreachable = on_unreachable
        self.on_given_up: GivenUpHook | None = None
        self.listeners: list[Listener] = []
        self.stats: Counter[str] = Counter()
        self._waiting = ChatQueues()
        self._tasks: set[asyncio.Task[None]] = set()
        self._poke = asyncio.Event()  # something changed: look again
        self._leaving = asyncio.Lock()  # requests leave one at a time, in the order they asked
        self._claim_requested = True  # new rows may be in the database
        self._recent_429: deque[float] = deque(maxlen=BOT_WIDE_429_COUNT)
        self._loop_task: asyncio.Task[None] | None = None
        self._chores_task: asyncio.Task[None] | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        wall = datetime.now(UTC)
        await self.store.register(wall)
        back, lost = await self.store.recover(wall, self.settings.worker_stale_seconds)
        self.stats["recovered"] += back
        self.stats["uncertain"] += lost
        self._loop_task = asyncio.create_task(self._run(), name="ura-delivery")
        self._chores_task = asyncio.create_task(self._chores(), name="ura-delivery-chores")

    async def stop(self) -> None:
        for task in (self._loop_task, self._chores_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.store.unregister()

    def wake(self) -> None:
        """New rows were committed: claim them now rather than at the next poll."""
        self._claim_requested = True
        self._poke.set()

    @property
    def backlog(self) -> int:
        return len(self._waiting)

    # -- the loop ------------------------------------------------------------------------

    async def _run(self) -> None:
        last_claim = 0.0
        while True:
            try:
                self._poke.clear()
                low = len(self._waiting) < LOW_WATER
                refill = low and time.monotonic() - last_claim > REFILL_EVERY
                if self._claim_requested or refill:
                    self._claim_requested = False
                    await self._claim()
                    last_claim = time.monotonic()
                now = time.monotonic()
                job, wait = self._waiting.pick(now, self.pacer.chat_wait)
                if job is None:
                    await self._sleep(min(wait, REFILL_EVERY))
                    continue
                global_wait = self.pacer.global_wait(now)
                if global_wait > 0:
                    await asyncio.sleep(global_wait)
                    continue
                self._dispatch(job, now)
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must outlive any one bad row or database hiccup
                log.exception("delivery loop error")
                await asyncio.sleep(LOOP_ERROR_PAUSE)

    async def _sleep(self, seconds: float) -> None:
        """Until poked or `seconds` pass. Not wait_for: on Python 3.11 it can swallow a
        cancellation that arrives just as the event is set, and stop() would hang."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(seconds, MIN_SLEEP)):
                await self._poke.wait()

    async def _claim(self) -> None:
        if len(self._tasks) >= self.settings.max_in_flight and len(self._waiting) > LOW_WATER:
            return
        jobs = await self.store.claim(self.clock.now(), CLAIM_BATCH, self._waiting.held)
        for job in jobs:
            self._waiting.hold(job)

    def _dispatch(self, job: Job, now: float) -> None:
        self._waiting.take(job)
        self.pacer.take(job.chat_id, now)
        task = asyncio.create_task(self._send(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- one send ------------------------------------------------------------------------

    async def _send(self, job: Job) -> None:
        requeue = False
        try:
            job.attempts += 1
            if not await self.store.mark_sending(job):
                return  # someone else settled it (cancelled, or taken back)
            await self._leave()
            outcome = await self.gateway.deliver(
                job.kind, job.chat_id, job.payload, job.target_message_id
            )
            self.stats[outcome.kind] += 1
            requeue = await self._settle(job, outcome)
        except Exception:
            log.exception("send of outbox row %s failed unexpectedly", job.id)
            requeue = await self._retry_later(job, "internal error")
        finally:
            self._waiting.done(job, requeue)
            self._poke.set()

    async def _leave(self) -> None:
        """Wait until the request may leave without putting more than the bot-wide limit in
        any sliding window, and count it as gone. Dispatching is paced at the same rate, so
        this wait is short; it is the bound that holds whatever the database's latency."""
        async with self._leaving:
            while True:
                now = time.monotonic()
                wait = self.pacer.leave_wait(now)
                if wait <= 0:
                    self.pacer.leave(now)
                    return
                await asyncio.sleep(wait)

    async def _chores(self) -> None:
        """Heartbeat, recovery of dead workers' rows, and forgetting quiet chats."""
        while True:
            await asyncio.sleep(min(CHORES_EVERY, self.settings.worker_stale_seconds / 3))
            try:
                wall = datetime.now(UTC)
                await self.store.heartbeat(wall)
                back, lost = await self.store.recover(wall, self.settings.worker_stale_seconds)
                self.stats["recovered"] += back
                self.stats["uncertain"] += lost
                if back:
                    self.wake()
                self.pacer.forget_idle(time.monotonic())
            except Exception:
                log.exception("delivery chores failed")

"""The delivery engine: drains the outbox in priority order at Telegram's limits.

Each chat is paced on its own, so a 429 or a retry in one chat leaves the others flowing;
one message per chat is in flight at a time, so a chat's messages arrive in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bot.core.clock import Clock
from bot.delivery.gateway import Gateway, Outcome, method_of
from bot.delivery.outbox import Priority
from bot.delivery.pacing import Pacer
from bot.delivery.queues import ChatQueues
from bot.delivery.repair import repaired
from bot.delivery.store import ERROR_CHARS, Job, OutboxStore
from config.settings import DeliverySettings
from storage.db import SessionFactory
from storage.outbox import CLAIMED, FAILED, SENT, UNCERTAIN

log = logging.getLogger(__name__)

Listener = Callable[[Job, str], Awaitable[None]]
UnreachableHook = Callable[[int, int, str], Awaitable[None]]
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
# This many 429s within BOT_WIDE_429_SECONDS, from any chats, mean Telegram is limiting the
# whole bot, not one chat: everyone waits (one chat at 1/s never gets near it alone).
BOT_WIDE_429_COUNT = 20
BOT_WIDE_429_SECONDS = 2.0
# A retry's backoff is spread by this factor, so chats that failed together retry apart.
BACKOFF_JITTER = (0.5, 1.5)


class DeliveryEngine:
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

    async def _settle(self, job: Job, outcome: Outcome) -> bool:
        """Record the outcome; True when the job goes back into the queue."""
        now = self.clock.now()
        if outcome.kind == "sent":
            await self.store.settle(
                job,
                state=SENT,
                sent_at=now,
                telegram_message_id=outcome.message_id,
                last_error=None,
            )
            await self._notify(job, SENT)
            return False
        if outcome.kind == "retry_after":
            self._log_handled(job, f"429 retry after {outcome.retry_after:g} s", "waiting")
            return await self._respect_retry_after(job, outcome)
        if outcome.kind == "lost" and not self._resend_when_lost(job):
            self._log_handled(job, outcome.reason, "not resent: it may have arrived")
            await self.store.settle(job, state=UNCERTAIN, last_error=outcome.reason[:ERROR_CHARS])
            await self._notify(job, UNCERTAIN)
            return False
        if outcome.kind in ("transient", "lost"):
            retry = f"retry {job.attempts}/{self.settings.max_attempts}"
            if job.attempts >= self.settings.max_attempts:
                retry = f"gave up after {job.attempts} tries"
            self._log_handled(job, outcome.reason, retry)
            return await self._retry_later(job, outcome.reason)
        if outcome.kind == "unreachable":
            await self._give_up_chat(job, outcome.reason)
            return False
        if outcome.kind in ("unparsable", "too_long") and await self._repair(job, outcome):
            return True
        if outcome.kind == "invalid":  # Ura built it wrong: no retry will help, say who did
            log.error(
                "outbox row %s (%s for %s %s) cannot be sent: %s",
                job.id,
                job.kind,
                job.ref_type or "no record",
                job.ref_id,
                outcome.reason,
            )
        await self.store.settle(job, state=FAILED, last_error=outcome.reason[:ERROR_CHARS])
        await self._notify(job, FAILED)
        return False

    @staticmethod
    def _resend_when_lost(job: Job) -> bool:
        """Telegram has no idempotency key, so a lost answer is decided by what a copy costs:
        an urgent alert is sent again (a duplicate is better than a missed alert), an edit too
        (repeating it changes nothing); anything else may have arrived and is not repeated
        blindly: it is marked uncertain ("may not have arrived") for a person to decide."""
        return job.kind == "edit" or job.priority <= Priority.ALERT

    @staticmethod
    def _log_handled(job: Job, status: str, retry: str) -> None:
        """A Telegram error Ura deals with: one line, no traceback (those are for surprises)."""
        log.warning(
            "telegram %s failed: %s; %s (outbox row %s)", method_of(job.kind), status, retry, job.id
        )

    async def _respect_retry_after(self, job: Job, outcome: Outcome) -> bool:
        now = time.monotonic()
        self.pacer.pause_chat(job.chat_id, now + outcome.retry_after)
        self._recent_429.append(now)
        full = len(self._recent_429) == self._recent_429.maxlen
        if full and now - self._recent_429[0] < BOT_WIDE_429_SECONDS:
            # Many chats refused at once: Telegram is limiting the whole bot.
            self.pacer.pause_all(now + outcome.retry_after)
        job.attempts -= 1  # being asked to wait is not a failed attempt
        await self.store.settle(job, state=CLAIMED, attempts=job.attempts, last_error="429")
        return True

    async def _retry_later(self, job: Job, reason: str) -> bool:
        if job.attempts >= self.settings.max_attempts:
            gave_up = f"gave up: {reason}"[:ERROR_CHARS]
            await self.store.settle(job, state=FAILED, last_error=gave_up)
            await self._notify(job, FAILED)
            return False
        delay = min(
            self.settings.backoff_max_seconds,
            self.settings.backoff_base_seconds * 2 ** (job.attempts - 1),
        ) * random.uniform(*BACKOFF_JITTER)  # noqa: S311 - jitter, not secrecy
        self.pacer.pause_chat(job.chat_id, time.monotonic() + delay)
        await self.store.settle(job, state=CLAIMED, last_error=reason[:ERROR_CHARS])
        return True

    async def _give_up_chat(self, job: Job, reason: str) -> None:
        """A person who blocked Ura won't read the rest either: fail the chat's queue now."""
        rest = self._waiting.drop_chat(job.chat_id)
        await self.store.fail_chat(
            job.chat_id, f"unreachable: {reason}", [job.id] + [o.id for o in rest]
        )
        for failed in [job, *rest]:
            await self._notify(failed, FAILED)
        if self.on_unreachable is not None and job.member_id is not None and job.chat_id > 0:
            await self.on_unreachable(job.member_id, job.chat_id, reason)

    async def _repair(self, job: Job, outcome: Outcome) -> bool:
        fix = repaired(job.kind, job.payload, outcome.kind)
        if fix is None:
            return False
        job.payload, parts = fix
        if parts:
            await self.store.add_parts(job, parts, self.clock.now())
        job.attempts -= 1
        await self.store.settle(job, state=CLAIMED, payload=job.payload, last_error=outcome.reason)
        return True

    async def _notify(self, job: Job, state: str) -> None:
        for listener in self.listeners:
            try:
                await listener(job, state)
            except Exception:
                log.exception("delivery listener failed for row %s", job.id)

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

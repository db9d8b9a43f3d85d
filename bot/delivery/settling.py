"""Settling a send: what each of Telegram's answers means for the row, the chat and the bot.

Sent is recorded with Telegram's message id; a 429 pauses the chat (or, when many chats are
refused at once, the whole bot) and keeps the row; an error that may pass is retried with
backoff; a lost answer is resent or marked uncertain by priority; a person who blocked Ura
fails the rest of their chat's queue; a message Telegram cannot parse is repaired once.
The DeliveryEngine settles through these methods; they are apart only to keep each file short.
"""

from __future__ import annotations

import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.delivery.gateway import Outcome, method_of
from bot.delivery.outbox import Priority
from bot.delivery.pacing import Pacer
from bot.delivery.queues import ChatQueues
from bot.delivery.repair import repaired
from bot.delivery.store import ERROR_CHARS, Job, OutboxStore
from config.settings import DeliverySettings
from storage.outbox import CLAIMED, FAILED, SENT, UNCERTAIN

log = logging.getLogger("bot.delivery.engine")  # one logger for the engine's lines

Listener = Callable[[Job, str], Awaitable[None]]
UnreachableHook = Callable[[int, int, str], Awaitable[None]]
# Runs in the transaction that fails a chat's rows: what must commit with the failure.
GivenUpHook = Callable[[AsyncSession, list[Job]], Awaitable[None]]

# This many 429s within BOT_WIDE_429_SECONDS, from any chats, mean Telegram is limiting the
# whole bot, not one chat: everyone waits (one chat at 1/s never gets near it alone).
BOT_WIDE_429_COUNT = 20
BOT_WIDE_429_SECONDS = 2.0
# A retry's backoff is spread by this factor, so chats that failed together retry apart.
BACKOFF_JITTER = (0.5, 1.5)


class Settling:
    """The engine's answers to Telegram's answers (a part of DeliveryEngine)."""

    settings: DeliverySettings
    clock: Clock
    store: OutboxStore
    pacer: Pacer
    on_unreachable: UnreachableHook | None
    on_given_up: GivenUpHook | None
    listeners: list[Listener]
    _waiting: ChatQueues
    _recent_429: deque[float]

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
        failed = [job, *rest]
        hook = self.on_given_up

        async def then(session: AsyncSession) -> None:
            if hook is not None:
                await hook(session, failed)

        await self.store.fail_chat(
            job.chat_id, f"unreachable: {reason}", [f.id for f in failed], then=then
        )
        for each in failed:
            await self._notify(each, FAILED)
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

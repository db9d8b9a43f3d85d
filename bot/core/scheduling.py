"""Timers: rows with a due time, fired once each by whichever process claims them first.

The JobQueue (APScheduler) only ticks; the rows are the truth, so a restart loses nothing
and a timer that came due while Ura was down fires at the next tick. A firing claims its row
and runs its handler in one transaction, so it happens exactly once, also with two
processes on one PostgreSQL database.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.core.redaction import short_error
from config.settings import Settings
from storage.db import SessionFactory
from storage.timers import Timer

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass
class Fired:
    """What a timer handler gets: the transaction it runs in and what it needs to render."""

    session: AsyncSession
    now: datetime
    timer: Timer
    translator: Translator
    settings: Settings


TimerHandler = Callable[[Fired], Awaitable[None]]


def plan(
    session: AsyncSession,
    kind: str,
    ref_id: int,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> Timer:
    timer = Timer(
        kind=kind,
        ref_id=ref_id,
        due_at=due_at,
        state="pending",
        attempts=0,
        payload=dict(payload or {}),
        created_at=now,
    )
    session.add(timer)
    return timer


async def cancel(session: AsyncSession, kind: str, ref_id: int) -> int:
    """Cancel the pending timers of one kind about one thing (e.g. on acknowledgment)."""
    result = await session.execute(
        update(Timer)
        .where(Timer.kind == kind, Timer.ref_id == ref_id, Timer.state == "pending")
        .values(state="cancelled")
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


async def pending(session: AsyncSession, kind: str, ref_id: int) -> list[Timer]:
    query = select(Timer).where(
        Timer.kind == kind, Timer.ref_id == ref_id, Timer.state == "pending"
    )
    return list((await session.scalars(query.order_by(Timer.due_at))).all())


class Timers:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        translator: Translator,
        settings: Settings,
        handlers: Mapping[str, TimerHandler],
        after_firing: Callable[[], None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._translator = translator
        self._settings = settings
        self.handlers = dict(handlers)
        self._after_firing = after_firing

    async def fire_due(self, limit: int = 200) -> int:
        """Fire every timer that is due now; returns how many this process fired."""
        now = self._clock.now()
        async with self._sessions() as session:
            due = (
                await session.scalars(
                    select(Timer.id)
                    .where(Timer.state == "pending", Timer.due_at <= now)
                    .order_by(Timer.due_at, Timer.id)
                    .limit(limit)
                )
            ).all()
        fired = 0
        for timer_id in due:
            try:
                fired += await self._fire(timer_id, now)
            except Exception as error:  # one broken timer must not stop the others
                # The frames say where; the message may quote the row being written, so
                # neither the log nor the timer's row keeps it.
                where = "".join(traceback.format_tb(error.__traceback__))
                log.error("timer %s failed: %s\n%s", timer_id, short_error(error), where)
                await self._record_failure(timer_id, short_error(error))
        if fired:
            self._after_firing()
        return fired

    async def _fire(self, timer_id: int, now: datetime) -> int:
        async with self._sessions.begin() as session:
            claimed = await session.execute(
                update(Timer)
                .where(Timer.id == timer_id, Timer.state == "pending")
                .values(state="fired", fired_at=now)
            )
            if (claimed.rowcount or 0) != 1:  # type: ignore[attr-defined]
                return 0  # another process fired it
            timer = await session.get(Timer, timer_id)
            assert timer is not None
            handler = self.handlers.get(timer.kind)
            if handler is None:
                raise LookupError(f"no handler for timer kind {timer.kind!r}")
            await handler(Fired(session, now, timer, self._translator, self._settings))
        return 1

    async def _record_failure(self, timer_id: int, error: str) -> None:
        async with self._sessions.begin() as session:
            timer = await session.get(Timer, timer_id)
            if timer is None:
                return
            timer.attempts += 1
            timer.last_error = error[:300]
            if timer.attempts >= MAX_ATTEMPTS:
                timer.state = "failed"

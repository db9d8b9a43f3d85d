"""A broadcast's progress message and its delivery report, kept current as rows settle.

Two paths lead here. The delivery engine's listener (handlers/broadcasts.py) calls
``publish`` at most every two seconds through ``Debounce``, so the progress message moves
while messages go out. That path lives in memory, so a restart between the last delivery
and the debounced flush would lose the report; the "broadcast.check" timer is the durable
path: planned when a broadcast is created or re-sent, it settles the broadcast when it fires
and plans itself again while rows are still pending. ``rules.settle`` claims the end
with a conditional update, so whichever path sees the last row first sends the one report.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts import audience, rules, settling
from bot.broadcasts.render import messages as render
from bot.broadcasts.render.report import report
from bot.core.i18n import Safe, Translator
from bot.core.rendering import Reply
from bot.core.scheduling import Fired, TimerHandler, plan
from bot.delivery.outbox import Priority, enqueue_edit, enqueue_to
from storage.members import Member
from storage.outbox import Broadcast, OutboxMessage

log = logging.getLogger(__name__)


async def label(session: AsyncSession, t: Translator, lang: str, broadcast: Broadcast) -> Safe:
    """Who the broadcast went to, as a line of text."""
    chosen = audience.Audience.from_json(broadcast.audience)
    return render.audience_label(t, lang, chosen, await audience.groups_of(session, chosen))


async def publish(
    session: AsyncSession, now: datetime, t: Translator, zone: ZoneInfo, broadcast: Broadcast
) -> None:
    """Settle the broadcast, show it on the author's progress message and, once it has just
    finished, send the author the report."""
    state = await settling.settle(session, now, broadcast)
    author = await session.get(Member, broadcast.created_by_member_id)
    target = await session.get(OutboxMessage, broadcast.progress_outbox_id or 0)
    assert author is not None
    lang = author.language
    shown = await label(session, t, lang, broadcast)
    if target is not None:
        reply = render.progress(t, lang, broadcast, state, shown, zone)
        await enqueue_edit(session, target=target, reply=reply, now=now)
    if state.finished:
        enqueue_to(
            session,
            author,
            report(t, lang, broadcast, state, shown, zone),
            now=now,
            priority=Priority.NOTICE,
        )


async def overview(
    session: AsyncSession, t: Translator, lang: str, zone: ZoneInfo, offset: int
) -> Reply:
    """/broadcasts: a page of broadcasts, newest first, each with where it stands."""
    found, older = await rules.page(session, offset)
    items = [
        (b, await audience.snapshot(session, b), await label(session, t, lang, b)) for b in found
    ]
    return render.listing(t, lang, items, offset + rules.PAGE if older else None, zone)


async def report_of(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    lang: str,
    zone: ZoneInfo,
    broadcast_id: int,
) -> Reply | None:
    """A broadcast's delivery report as it stands (settling also mends a stuck one)."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        return None
    state = await settling.settle(session, now, broadcast)
    shown = await label(session, t, lang, broadcast)
    return report(t, lang, broadcast, state, shown, zone)


async def fire_check(fired: Fired) -> None:
    """The durable path to the report: settle now, or look again a little later."""
    broadcast = await fired.session.get(Broadcast, fired.timer.ref_id)
    if broadcast is None or broadcast.finished_at is not None:
        return  # the listener (or a cancel) already reported it
    await publish(fired.session, fired.now, fired.translator, fired.settings.zone, broadcast)
    if broadcast.finished_at is None:
        due = fired.now + rules.CHECK_EVERY
        plan(fired.session, rules.CHECK, broadcast.id, due, fired.now)


TIMERS: dict[str, TimerHandler] = {
    rules.CHECK: fire_check,
    rules.LOG: rules.fire_log,
}


class Debounce:
    """At most one flush per `every` seconds per broadcast, and always one after the last event."""

    def __init__(self, flush: Callable[[int], Awaitable[None]], every: float = 2.0) -> None:
        self._flush = flush
        self._every = every
        self._last: dict[int, float] = {}
        self._waiting: dict[int, asyncio.Task[None]] = {}

    def poke(self, key: int) -> None:
        if key in self._waiting:
            return  # a flush is already on its way and will read the newest state
        delay = self._last.get(key, -self._every) + self._every - time.monotonic()
        self._waiting[key] = asyncio.create_task(self._later(key, max(delay, 0.0)))

    async def _later(self, key: int, delay: float) -> None:
        await asyncio.sleep(delay)
        self._waiting.pop(key, None)  # events from now on schedule the next flush
        self._last[key] = time.monotonic()
        try:
            await self._flush(key)
        except Exception:  # a progress message must never break delivery
            log.exception("broadcast progress flush failed for %s", key)

"""Retention (URA_RETENTION_DAYS; unset keeps everything): a daily purge blanks the text and
attachments of log entries older than that, keeping each row's kind, groups, topic, sender
and time, so reports can still count them, and the same for every other row that holds a
person's words (bot/core/retention.py). A rejected access request is deleted 30 days
after the decision by a timer of its own, also without a retention period. Each purge is
audited with how many it blanked."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from sqlalchemy import String, cast, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit, retention
from bot.core.scheduling import Fired, TimerHandler, pending, plan
from config.settings import Settings
from storage.exchange import ExchangeEntry
from storage.outbox import FINAL_STATES, OutboxMessage

KIND = "exchange.retention"
PURGE_HOUR = 3  # local time: quiet hours
PURGED_PAYLOAD = {"purged": True}


def next_purge(now: datetime, settings: Settings) -> datetime:
    local = now.astimezone(settings.zone)
    due = datetime.combine(local.date(), time(PURGE_HOUR), settings.zone)
    return due if due > now else due + timedelta(days=1)


async def plan_purge(session: AsyncSession, now: datetime, settings: Settings) -> None:
    if settings.retention_days is not None and not await pending(session, KIND, 0):
        plan(session, KIND, 0, next_purge(now, settings), now)


async def purge(session: AsyncSession, now: datetime, days: int) -> int:
    """Blank what is older than `days`; the FTS index follows through its trigger."""
    result = await session.execute(
        update(ExchangeEntry)
        .where(ExchangeEntry.created_at < now - timedelta(days=days))
        .where(ExchangeEntry.purged_at.is_(None))
        .values(text="", text_folded="", attachments=[], purged_at=now)
    )
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    # The outbox keeps a copy of every message it delivered: blank those copies too, or
    # retention would purge the log and leave the same text in the delivery queue.
    copies = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.created_at < now - timedelta(days=days))
        .where(OutboxMessage.state.in_(FINAL_STATES))
        .where(cast(OutboxMessage.payload, String) != json.dumps(PURGED_PAYLOAD))
        .values(payload=PURGED_PAYLOAD)
    )
    sent = int(copies.rowcount or 0)  # type: ignore[attr-defined]
    words = await retention.purge_words(session, now, days)
    rejected = await retention.purge_rejected_requests(session, now)
    asked = await retention.purge_requests(session, now, days)
    await retention.compact_search_index(session)
    audit.record(
        session,
        now,
        retention.PURGE_ACTION,
        days=days,
        entries=count,
        messages=sent,
        rejected_requests=rejected,
        monitoring_requests=asked,
        before=(now - timedelta(days=days)).isoformat(),
        counts=words,
    )
    return count


async def fire_purge(fired: Fired) -> None:
    days = fired.settings.retention_days
    if days is None:  # retention was switched off: stop until it is set again
        return
    await purge(fired.session, fired.now, days)
    plan(fired.session, KIND, 0, next_purge(fired.now, fired.settings), fired.now)


async def fire_forget_request(fired: Fired) -> None:
    """A rejected access request, 30 days after the decision (planned by the rejection)."""
    if await retention.forget_rejected_request(fired.session, fired.timer.ref_id):
        subject = ("access_request", fired.timer.ref_id)
        audit.record(fired.session, fired.now, "access.purged", subject=subject)


TIMERS: dict[str, TimerHandler] = {
    KIND: fire_purge,
    retention.FORGET_REQUEST: fire_forget_request,
}

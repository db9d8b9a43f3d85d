"""The monthly report: a timer row per month, due on its first working day at URA_REPORT_HOUR.

The row's ref_id is the month (202612), so a month has one report even when two processes
plan it: firing locks the month's rows, sends only if none of them fired before, and cancels
the others. Each firing plans the next month's row.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.core.clock import Clock
from bot.core.scheduling import Fired, TimerHandler, plan
from bot.reports import delivery, notify
from bot.reports.period import next_month, previous_month
from config.settings import Settings
from storage.db import SessionFactory
from storage.timers import Timer

KIND = "report.monthly"
HOLIDAYS = ((1, 1), (1, 2))  # New Year: the only public holidays that can open a month
SATURDAY = 5


def first_working_day(first: date) -> date:
    day = first
    while day.weekday() >= SATURDAY or (day.month, day.day) in HOLIDAYS:
        day += timedelta(days=1)
    return day


def month_ref(first: date) -> int:
    return first.year * 100 + first.month


def due_at(first: date, settings: Settings) -> datetime:
    return datetime.combine(first_working_day(first), time(settings.report_hour), settings.zone)


def next_report(now: datetime, settings: Settings) -> date:
    """The first day of the month whose report is due next, strictly after now."""
    local = now.astimezone(settings.zone).date().replace(day=1)
    return local if due_at(local, settings) > now else next_month(local)


async def plan_month(session: AsyncSession, now: datetime, settings: Settings, first: date) -> None:
    known = await session.scalar(
        select(Timer.id).where(Timer.kind == KIND, Timer.ref_id == month_ref(first)).limit(1)
    )
    if known is None:
        plan(session, KIND, month_ref(first), due_at(first, settings), now)


async def plan_monthly(sessions: SessionFactory, clock: Clock, settings: Settings) -> None:
    """At start: the next monthly report has its timer (idempotent)."""
    if not settings.report_monthly:
        return
    now = clock.now()
    async with sessions.begin() as session:
        await plan_month(session, now, settings, next_report(now, settings))


async def fire_monthly(fired: Fired) -> None:
    session, now, settings, timer = fired.session, fired.now, fired.settings, fired.timer
    siblings = await session.execute(
        select(Timer.id, Timer.state)
        .where(Timer.kind == KIND, Timer.ref_id == timer.ref_id, Timer.id != timer.id)
        .with_for_update()
    )
    if any(state == "fired" for _, state in siblings):
        return  # another process planned this month too, and its row fired first
    await session.execute(
        update(Timer)
        .where(Timer.kind == KIND, Timer.ref_id == timer.ref_id, Timer.state == "pending")
        .values(state="cancelled")
    )
    if not settings.report_monthly:
        return
    month = date(timer.ref_id // 100, timer.ref_id % 100, 1)
    await plan_month(session, now, settings, next_month(month))
    period = previous_month(month)
    readers = await notify.monthly_readers(session)
    sent = await notify.send_to(session, now, period, readers, fired.translator, settings)
    audit.record(session, now, "report.monthly", subject=("period", period.token), **sent)


TIMERS: dict[str, TimerHandler] = {KIND: fire_monthly, **delivery.TIMERS}

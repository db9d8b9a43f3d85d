"""Timers are rows: each fires once, also with two processes, and none is lost by a restart."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.clock import ManualClock
from bot.core.i18n import Translator
from bot.core.scheduling import Fired, Timers, cancel, plan
from config.settings import Settings
from storage.db import SessionFactory
from storage.models import AuditEvent, Timer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def make_timers(sessions: SessionFactory, clock: ManualClock, **handlers) -> Timers:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    return Timers(sessions, clock, Translator(), settings, handlers)


async def note(fired: Fired) -> None:
    """A handler that leaves a trace in the same transaction it was fired in."""
    fired.session.add(
        AuditEvent(
            at=fired.now, action="test.fired", subject_id=str(fired.timer.ref_id), details={}
        )
    )


async def traces(sessions: SessionFactory) -> list[str | None]:
    async with sessions() as session:
        query = select(AuditEvent.subject_id).where(AuditEvent.action == "test.fired")
        return list((await session.scalars(query)).all())


async def test_a_timer_fires_when_due_and_only_once(sessions: SessionFactory) -> None:
    clock = ManualClock(START)
    async with sessions.begin() as session:
        plan(session, "test.note", 1, START + timedelta(minutes=15), START)
    timers = make_timers(sessions, clock, **{"test.note": note})
    assert await timers.fire_due() == 0
    clock.advance(timedelta(minutes=15))
    assert await timers.fire_due() == 1
    assert await timers.fire_due() == 0
    assert await traces(sessions) == ["1"]


async def test_two_processes_fire_a_timer_once(sessions: SessionFactory) -> None:
    clock = ManualClock(START)
    async with sessions.begin() as session:
        for ref in range(20):
            plan(session, "test.note", ref, START, START)
    one = make_timers(sessions, clock, **{"test.note": note})
    two = make_timers(sessions, clock, **{"test.note": note})
    fired = await asyncio.gather(one.fire_due(), two.fire_due())
    assert sum(fired) == 20
    assert sorted(map(int, await traces(sessions))) == list(range(20))  # type: ignore[arg-type]


async def test_a_timer_due_while_down_fires_after_a_restart(sessions: SessionFactory) -> None:
    clock = ManualClock(START)
    async with sessions.begin() as session:
        plan(session, "test.note", 7, START + timedelta(hours=1), START)
    clock.advance(timedelta(hours=3))  # Ura was down
    assert await make_timers(sessions, clock, **{"test.note": note}).fire_due() == 1


async def test_cancelled_timers_never_fire(sessions: SessionFactory) -> None:
    clock = ManualClock(START)
    async with sessions.begin() as session:
        plan(session, "test.note", 3, START, START)
        assert await cancel(session, "test.note", 3) == 1
    assert await make_timers(sessions, clock, **{"test.note": note}).fire_due() == 0


async def test_a_failing_handler_rolls_back_and_retries_then_gives_up(
    sessions: SessionFactory,
) -> None:
    clock = ManualClock(START)

    async def broken(fired: Fired) -> None:
        await note(fired)
        raise RuntimeError("boom")

    async with sessions.begin() as session:
        plan(session, "test.broken", 1, START, START)
    timers = make_timers(sessions, clock, **{"test.broken": broken})
    for _ in range(5):
        assert await timers.fire_due() == 0
    assert await traces(sessions) == [], "its writes were rolled back"
    async with sessions() as session:
        timer = await session.scalar(select(Timer))
    assert timer is not None
    assert (timer.state, timer.attempts) == ("failed", 5)
    assert timer.last_error == "RuntimeError", "the class only: a message may quote data"

"""The delivery report of a broadcast is durable: if Ura stops between the last delivery and the
(in-memory, debounced) progress flush, the "broadcast.check" timer still sends it, once."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.broadcasts import progress as broadcast_progress
from bot.broadcasts import rules, settling
from bot.broadcasts.audience import Audience
from bot.core.clock import ManualClock
from bot.core.i18n import Translator
from bot.core.scheduling import Timers
from config.settings import Settings
from storage.db import SessionFactory
from storage.models import Broadcast, OutboxMessage, Timer
from tests.broadcasts.test_audience import NOW, TIRANE, compose, person, settle_rows


def timers(sessions: SessionFactory, clock: ManualClock) -> Timers:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    return Timers(sessions, clock, Translator(), settings, broadcast_progress.TIMERS)


async def reports(sessions: SessionFactory, chat_id: int) -> list[str]:
    async with sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.chat_id == chat_id, OutboxMessage.broadcast_id.is_(None)
            )
        )
        return [r.payload["text"] for r in rows]


async def test_the_report_comes_from_the_timer_when_the_flush_was_lost(
    sessions: SessionFactory,
) -> None:
    clock = ManualClock(NOW)
    async with sessions.begin() as session:
        author = await person(session, 9, role="coordinator")
        await person(session, 1, "durres")
        await person(session, 2, "durres")
        spec = rules.Spec(Audience("role", ("committee",)), "Mbledhja të enjten.")
        created = await rules.create(session, NOW, author, spec, None, compose)
        broadcast_id = created.id
    # One row went out; then Ura stopped: no listener flush ever ran.
    async with sessions.begin() as session:
        first = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == 1))
        assert first is not None
        first.state = "sent"
    clock.advance(rules.CHECK_EVERY)
    assert await timers(sessions, clock).fire_due() == 1
    assert await reports(sessions, 9) == [], "a row is still pending: no report yet"
    async with sessions.begin() as session:
        again = await session.scalar(
            select(Timer).where(Timer.kind == rules.CHECK, Timer.state == "pending")
        )
        assert again is not None, "it looks again later"
        await settle_rows(session, P2=("failed", "unreachable: Forbidden: bot was blocked"))
    clock.advance(rules.CHECK_EVERY)
    assert await timers(sessions, clock).fire_due() == 1
    [report] = await reports(sessions, 9)
    assert "Dorëzuar: 1" in report
    assert "P2 — ka bllokuar Urën ose ka fshirë bisedën me të" in report
    async with sessions() as session:
        stored = await session.get(Broadcast, broadcast_id)
        assert stored is not None
        assert (stored.status, stored.finished_at) == ("done", clock.now())
        left = await session.scalar(
            select(func.count()).select_from(Timer).where(Timer.state == "pending")
        )
    assert left == 0, "finished: the check stops planning itself"


async def test_a_report_already_sent_is_not_sent_again_and_a_resend_happens_once(
    sessions: SessionFactory,
) -> None:
    clock = ManualClock(NOW)
    async with sessions.begin() as session:
        author = await person(session, 9, role="coordinator")
        await person(session, 1, "durres")
        spec = rules.Spec(Audience("role", ("committee",)), "Tekst.")
        created = await rules.create(session, NOW, author, spec, None, compose)
        await session.flush()
        await settle_rows(session, P1=("failed", "gave up: Bad Gateway"))
        # The listener's flush got there first and reported it.
        await broadcast_progress.publish(session, NOW, Translator(), TIRANE, created)
    clock.advance(rules.CHECK_EVERY)
    await timers(sessions, clock).fire_due()
    assert len(await reports(sessions, 9)) == 1
    async with sessions.begin() as session:
        stored = await session.get(Broadcast, created.id)
        assert stored is not None
        first = await settling.resend_failed(session, clock.now(), stored, author, compose)
        second = await settling.resend_failed(session, clock.now(), stored, author, compose)
    assert (first, second) == (1, 0)

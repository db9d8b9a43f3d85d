"""The delivery engine on its own: it always stops, and tells a global flood from one chat's 429."""

import asyncio
import time

from bot.core.clock import SystemClock
from bot.delivery.engine import DeliveryEngine
from bot.delivery.gateway import Outcome
from config.settings import DeliverySettings
from storage.db import SessionFactory


class NeverCalled:
    async def deliver(self, kind: str, chat_id: int, payload: object, target: object) -> Outcome:
        raise AssertionError("nothing was queued")


async def test_stop_returns_even_when_poked_just_before(sessions: SessionFactory) -> None:
    for _ in range(20):
        engine = DeliveryEngine(sessions, NeverCalled(), DeliverySettings(), SystemClock())
        await engine.start()
        await asyncio.sleep(0.01)  # let the loop reach its idle sleep
        engine.wake()  # the poke that Python 3.11's wait_for used to turn into a lost cancel
        await asyncio.wait_for(engine.stop(), timeout=5)


class FloodThenFine:
    """Telegram limiting the whole bot: every chat is refused for a while, then all is well."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.calls = 0

    async def deliver(self, kind: str, chat_id: int, payload: object, target: object) -> Outcome:
        self.calls += 1
        if self.calls <= self.refusals:
            return Outcome("retry_after", retry_after=1.0, reason="Too Many Requests")
        return Outcome("sent", message_id=self.calls)


async def test_many_chats_refused_at_once_pause_everything_but_one_does_not(
    sessions: SessionFactory,
) -> None:
    from bot.core.rendering import Reply
    from bot.delivery import Priority, enqueue

    async with sessions.begin() as session:
        for n in range(40):
            enqueue(
                session,
                chat_id=5000 + n,
                reply=Reply("x"),
                now=SystemClock().now(),
                priority=Priority.BULK,
            )
    flood = FloodThenFine(refusals=20)
    engine = DeliveryEngine(sessions, flood, DeliverySettings(), SystemClock())
    await engine.start()
    try:
        for _ in range(200):
            if engine.pacer.paused_until > 0:
                break
            await asyncio.sleep(0.02)
        assert engine.pacer.paused_until > 0, "twenty 429s in a row: Telegram limits the bot"
    finally:
        await asyncio.wait_for(engine.stop(), timeout=5)

    async with sessions.begin() as session:
        enqueue(session, chat_id=9999, reply=Reply("y"), now=SystemClock().now())
        for n in range(5):
            enqueue(
                session,
                chat_id=7000 + n,
                reply=Reply("z"),
                now=SystemClock().now(),
                priority=Priority.NOTICE,  # before what the flood above left, after "y"
            )
    single = RefusesOnce(9999)
    engine = DeliveryEngine(sessions, single, DeliverySettings(), SystemClock())
    await engine.start()
    try:
        for _ in range(300):
            if single.sent_at(9999) is not None:
                break
            await asyncio.sleep(0.02)
        assert engine.pacer.paused_until == 0, "one chat's 429 pauses only that chat"
    finally:
        await asyncio.wait_for(engine.stop(), timeout=5)
    refused, retried = single.refused_at, single.sent_at(9999)
    assert refused is not None
    assert retried is not None, "the refused chat's message was sent"
    assert retried - refused >= 1.0 - 0.01, "after the retry_after Telegram asked for"
    others = [single.sent_at(7000 + n) for n in range(5)]
    assert all(at is not None and at < retried for at in others), (
        "the other chats' messages were sent while it waited"
    )


class RefusesOnce:
    """One chat gets a 429 (retry after 1 s) on its first send; every send is recorded."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        self.refused_at: float | None = None
        self.sent: dict[int, float] = {}

    async def deliver(self, kind: str, chat_id: int, payload: object, target: object) -> Outcome:
        now = time.monotonic()
        if chat_id == self.chat_id and self.refused_at is None:
            self.refused_at = now
            return Outcome("retry_after", retry_after=1.0, reason="Too Many Requests")
        self.sent.setdefault(chat_id, now)
        return Outcome("sent", message_id=len(self.sent))

    def sent_at(self, chat_id: int) -> float | None:
        return self.sent.get(chat_id)

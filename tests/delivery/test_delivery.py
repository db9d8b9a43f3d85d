"""Delivery stories: the outbox drained through the real HTTP path at Telegram's limits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from telegram import Bot

from bot.core.callbacks import CallbackSigner
from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import DeliveryEngine, Priority, enqueue
from bot.delivery.gateway import TelegramGateway
from bot.sandbox.telegram import FakeBotApi, FakeUser, Limits
from config.settings import DeliverySettings
from storage.db import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade
from storage.outbox import FINAL_STATES, OutboxMessage
from tests.ura import TOKEN


@dataclass
class Outbox:
    telegram: FakeBotApi
    sessions: SessionFactory
    bot: Bot
    engines: list[DeliveryEngine]

    async def start(self, **settings: float) -> DeliveryEngine:
        defaults = {"backoff_base_seconds": 0.05, "request_timeout_seconds": 3}
        config = DeliverySettings(**{**defaults, **settings})  # type: ignore[arg-type]
        gateway = TelegramGateway(self.bot, CallbackSigner(b"t"), config.request_timeout_seconds)
        engine = DeliveryEngine(self.sessions, gateway, config, SystemClock())
        await engine.start()
        self.engines.append(engine)
        return engine

    async def send(self, *items: tuple[int, str, Priority]) -> list[int]:
        async with self.sessions.begin() as session:
            rows = [
                enqueue(
                    session,
                    chat_id=chat,
                    reply=Reply(text),
                    now=SystemClock().now(),
                    priority=priority,
                )
                for chat, text, priority in items
            ]
        for engine in self.engines:
            engine.wake()
        return [r.id for r in rows]

    async def rows(self) -> list[OutboxMessage]:
        async with self.sessions() as session:
            return list(
                (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
            )

    async def settled(self, within: float = 20.0) -> list[OutboxMessage]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            rows = await self.rows()
            if rows and all(r.state in FINAL_STATES for r in rows):
                return rows
            await asyncio.sleep(0.05)
        raise AssertionError(f"not settled: {[(r.id, r.state) for r in await self.rows()]}")


@pytest.fixture
async def outbox(telegram: FakeBotApi, database_url: str) -> AsyncIterator[Outbox]:
    await upgrade(database_url)
    engine = create_engine(database_url)
    bot = Bot(TOKEN, base_url=f"{telegram.base_url}/bot")
    await bot.initialize()
    harness = Outbox(telegram, create_session_factory(engine), bot, [])
    yield harness
    for delivery in harness.engines:
        await delivery.stop()
    await bot.shutdown()
    await engine.dispose()


def texts(telegram: FakeBotApi, user: FakeUser) -> list[str]:
    return [m.text for m in telegram.bot_messages(user)]


def arrival(telegram: FakeBotApi, user: FakeUser, pick: Callable[[str], bool]) -> float:
    return next(m.received_at for m in telegram.bot_messages(user) if pick(m.text))


async def test_alerts_overtake_a_queued_broadcast(outbox: Outbox) -> None:
    t = outbox.telegram
    crowd = [t.add_user(first_name=f"M{n}") for n in range(40)]
    officer = t.add_user(first_name="Officer")
    await outbox.send(*[(u.id, f"njoftim {n}", Priority.BULK) for n, u in enumerate(crowd)])
    await outbox.send((officer.id, "ALARM", Priority.ALERT))
    await outbox.start(global_per_second=10)
    await outbox.settled()
    alert_at = arrival(t, officer, lambda s: s == "ALARM")
    later = [m for u in crowd for m in t.bot_messages(u) if m.received_at > alert_at]
    assert len(later) >= 35, "the alert should leave before nearly all of the broadcast"


async def test_one_private_chat_is_paced_and_never_refused(outbox: Outbox) -> None:
    t = outbox.telegram
    t.limits = Limits(private_capacity=4, private_per_second=5)
    busy = t.add_user(first_name="Busy")
    await outbox.send(*[(busy.id, f"msg {n}", Priority.INTERACTIVE) for n in range(15)])
    await outbox.start(private_per_second=5, private_burst=3)
    await outbox.settled()
    assert texts(t, busy) == [f"msg {n}" for n in range(15)], "in order, each once"
    assert t.stats.limit_429 == 0
    times = [m.received_at for m in t.bot_messages(busy)]
    assert times[-1] - times[0] >= (15 - 3) / 5 - 0.1


async def test_a_group_gets_no_more_than_its_per_minute_share(outbox: Outbox) -> None:
    t = outbox.telegram
    t.limits = Limits(group_capacity=3, group_per_second=3 / 2)  # a fast "minute" of 2 s
    group = t.add_group("Komiteti Durrës")
    await outbox.send(*[(group.id, f"g{n}", Priority.NOTICE) for n in range(6)])
    await outbox.start(group_per_minute=90)  # 1.5 per second, the server's pace
    await outbox.settled()
    assert t.stats.limit_429 == 0
    assert len(t.bot_messages(group)) == 6


async def test_a_429_in_one_chat_leaves_the_others_flowing(outbox: Outbox) -> None:
    t = outbox.telegram
    slow, others = t.add_user(first_name="Slow"), [t.add_user(first_name=f"O{n}") for n in range(5)]
    t.fail_next(slow, 429, retry_after=2)
    await outbox.send(
        (slow.id, "first", Priority.NOTICE), *[(u.id, "hello", Priority.NOTICE) for u in others]
    )
    started = time.monotonic()
    await outbox.start()
    await outbox.settled()
    assert texts(t, slow) == ["first"]
    assert arrival(t, slow, lambda s: True) - started >= 2.0
    assert all(arrival(t, u, lambda s: True) - started < 1.5 for u in others)


async def test_5xx_is_retried_and_then_given_up_with_the_reason(outbox: Outbox) -> None:
    t = outbox.telegram
    lucky, unlucky = t.add_user(first_name="Lucky"), t.add_user(first_name="Unlucky")
    t.fail_next(lucky, 502, "Bad Gateway", times=2)
    t.fail_next(unlucky, 500, "Internal Server Error", times=10)
    ok_id, bad_id = await outbox.send(
        (lucky.id, "a", Priority.NOTICE), (unlucky.id, "b", Priority.NOTICE)
    )
    await outbox.start(max_attempts=3)
    rows = {r.id: r for r in await outbox.settled()}
    assert texts(t, lucky) == ["a"]
    assert (rows[ok_id].state, rows[ok_id].attempts) == ("sent", 3)
    assert texts(t, unlucky) == []
    assert rows[bad_id].state == "failed"
    assert "gave up" in (rows[bad_id].last_error or "")


async def test_broken_markup_and_long_text_are_repaired_not_dropped(outbox: Outbox) -> None:
    t = outbox.telegram
    reader = t.add_user(first_name="Reader")
    long_text = "\n".join(f"rreshti {n}: " + "fjalë " * 20 for n in range(60))  # > 4096
    await outbox.send(
        (reader.id, "<b>Kujdes & <i>shpejt</b>", Priority.NOTICE),
        (reader.id, long_text, Priority.NOTICE),
    )
    await outbox.start()
    rows = await outbox.settled()
    got = texts(t, reader)
    assert got[0] == "Kujdes & shpejt"
    assert len(got) >= 3
    assert " ".join(got[1:]).split() == long_text.split(), "every word, in order"
    assert all(r.state == "sent" for r in rows)


async def test_a_blocked_user_fails_fast_with_the_reason(outbox: Outbox) -> None:
    t = outbox.telegram
    gone = t.add_user(first_name="Gone")
    t.block(gone)
    await outbox.send((gone.id, "1", Priority.NOTICE), (gone.id, "2", Priority.NOTICE))
    await outbox.start()
    rows = await outbox.settled()
    assert [r.state for r in rows] == ["failed", "failed"]
    assert all("blocked" in (r.last_error or "") for r in rows)
    assert t.stats.requests["sendMessage"] == 1, "the second is not even tried"

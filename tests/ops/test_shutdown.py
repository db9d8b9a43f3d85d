"""SIGTERM or SIGINT to a real `ura run` mid-broadcast: it stops within 10 s, sends in flight
finish, unsent rows go back to the outbox; after a restart everyone has exactly one copy and
nothing is uncertain. The polling process also serves /healthz and /metrics (URA_METRICS_PORT).
"""

from __future__ import annotations

import asyncio
import signal
import time

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue
from bot.sandbox.telegram import FakeBotApi, Limits
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.outbox import OutboxMessage
from tests.ops.test_process import ura_env, ura_run
from tests.ops.test_webhook import free_port, wait_for_http

PEOPLE = 150


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_mid_broadcast_loses_and_doubles_nothing(
    telegram: FakeBotApi, database_url: str, stop_signal: signal.Signals
) -> None:
    telegram.limits = Limits()  # Telegram's real limits: 30/s
    telegram.latency = 0.3  # so that sends are in flight when the signal comes
    await upgrade(database_url)
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    people = [telegram.add_user(first_name=f"M{n}") for n in range(PEOPLE)]
    async with sessions.begin() as session:
        for n, person in enumerate(people):
            enqueue(
                session,
                chat_id=person.id,
                reply=Reply(f"njoftim #{n}"),
                now=SystemClock().now(),
                priority=Priority.BULK,
            )
    port = free_port()
    env = ura_env(telegram, database_url, URA_METRICS_PORT=str(port))

    def delivered() -> int:
        return sum(len(telegram.bot_messages(p)) for p in people)

    async def states() -> dict[str, int]:
        async with sessions() as session:
            query = select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            return dict((await session.execute(query)).all())  # type: ignore[arg-type]

    async with ura_run(env) as first:
        await wait_for_http(f"http://127.0.0.1:{port}/healthz")
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
                assert answer.status == 200
                assert 'ura_outbox_depth{priority="bulk"}' in await answer.text()
            async with http.post(f"http://127.0.0.1:{port}/telegram", json={}) as answer:
                assert answer.status == 404, "no webhook in polling mode"
        await telegram.world.notifier.wait_until(lambda: delivered() >= 30, 30)
        in_flight_at_signal = telegram.in_flight
        first.send_signal(stop_signal)
        signalled = time.monotonic()
        assert await asyncio.wait_for(first.wait(), 15) == 0
        took = time.monotonic() - signalled
    assert took < 10, f"stopped in {took:.1f} s"
    assert in_flight_at_signal > 0, "the signal came while sends were in flight"
    stopped_at = delivered()
    assert stopped_at < PEOPLE, "the signal came in the middle of the broadcast"
    after_stop = await states()
    assert set(after_stop) <= {"sent", "pending"}, "nothing claimed, in flight or uncertain"
    assert after_stop.get("sent", 0) == stopped_at, "every answered send is recorded"

    async with ura_run(ura_env(telegram, database_url)):
        await telegram.world.notifier.wait_until(lambda: delivered() >= PEOPLE, 60)
        for _ in range(150):  # the last answers are recorded just after they arrive
            if await states() == {"sent": PEOPLE}:
                break
            await asyncio.sleep(0.2)
    await engine.dispose()
    assert [len(telegram.bot_messages(p)) for p in people] == [1] * PEOPLE
    assert await states() == {"sent": PEOPLE}
    assert telegram.stats.limit_429 == 0

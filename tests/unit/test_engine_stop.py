"""Stopping the delivery engine always returns, even right after it was poked."""

import asyncio

from bot.clock import SystemClock
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

"""Alert latency: rounds of 10 urgent alerts to other members while a bulk broadcast drains.

Latency of a round = from just before its rows are written (Ura) or its sends are gathered
(reference) until the last of the 10 arrived at the server. p99 over rounds (with five
rounds, the maximum).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

from bench.common import (
    Message,
    add_users,
    fake_server,
    messages,
    percentile,
    sleep_until,
    tally,
    wait_delivered,
)
from bench.reference import ReferenceSide
from bench.ura_side import UraSide
from bot.delivery import Priority
from bot.sandbox.telegram import FakeBotApi

PER_ROUND = 10

Send = Callable[[list[Message]], Awaitable[None]]


def offsets(members: int, rounds: int) -> list[float]:
    """Round start times, spread over the first 80 % of the broadcast (30/s), from 3 s in."""
    span = max(0.0, 0.8 * members / 30.0 - 3.0)
    step = span / (rounds - 1) if rounds > 1 else 0.0
    return [3.0 + i * step for i in range(rounds)]


async def _rounds(
    server: FakeBotApi, started: float, send: Send, members: int, rounds: int
) -> list[float]:
    targets = add_users(server, PER_ROUND * rounds, prefix="A")

    async def one(k: int, at: float) -> float:
        await sleep_until(started + at)
        batch = messages(targets[k * PER_ROUND : (k + 1) * PER_ROUND], f"alert-{k}")
        began = time.monotonic()
        await send(batch)
        if not await wait_delivered(server, batch, within=120.0):
            return math.inf
        return max(tally(server, batch).times) - began

    return list(
        await asyncio.gather(*(one(k, at) for k, at in enumerate(offsets(members, rounds))))
    )


async def ura_alerts(members: int, rounds: int) -> list[float]:
    async with fake_server() as server:
        bulk = messages(add_users(server, members), "bulk")
        async with UraSide(server) as ura:
            ids = await ura.enqueue(bulk, Priority.BULK)

            async def send(batch: list[Message]) -> None:
                await ura.enqueue(batch, Priority.ALERT)
                ura.engine.wake()

            started = time.monotonic()
            await ura.start()
            latencies = await _rounds(server, started, send, members, rounds)
            await ura.wait_final(ids)
            return latencies


async def reference_alerts(members: int, rounds: int) -> list[float]:
    async with fake_server() as server:
        bulk = messages(add_users(server, members), "bulk")
        async with ReferenceSide(server) as ref:
            tasks: list[asyncio.Task[int]] = []

            async def send(batch: list[Message]) -> None:
                tasks.append(ref.start(batch))  # gathered like any other send, behind the bulk

            started = time.monotonic()
            broadcast = ref.start(bulk)
            latencies = await _rounds(server, started, send, members, rounds)
            await asyncio.gather(broadcast, *tasks)
            return latencies


async def alert_latency(members: int, rounds: int = 5) -> dict[str, float | list[float]]:
    ura = await ura_alerts(members, rounds)
    ref = await reference_alerts(members, rounds)
    return {
        "alert_latency_p99_s": percentile(ura, 99),
        "alert_latency_p50_s": percentile(ura, 50),
        "alert_latencies_s": [round(x, 3) for x in ura],
        "alert_latency_p99_s_aioratelimiter": percentile(ref, 99),
        "alert_latency_p50_s_aioratelimiter": percentile(ref, 50),
        "alert_latencies_s_aioratelimiter": [round(x, 3) for x in ref],
    }

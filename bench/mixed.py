"""One hot group plus many private chats: the group must stay within 20 messages a minute
while the private chats go at full speed.

The group is observed for a bounded time (≥ 60 s of its sending in a full run), after the
private chats finished; then the sender is stopped and the rest of the group left unsent.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

from bench.common import Message, Tally, add_users, fake_server, max_in_window, messages, tally
from bench.reference import ReferenceSide
from bench.ura_side import UraSide
from bot.delivery import Priority
from bot.sandbox.telegram import FakeBotApi


@dataclass
class Mixed:
    private_share: float
    private_elapsed: float
    private_tail: float
    group_sent: int
    group_max_per_minute: int
    group_observed_s: float
    limit_429: int


def _world(server: FakeBotApi, privates: int, group_messages: int) -> tuple[list[Message], ...]:
    group = server.add_group("Komiteti i nxehtë")
    group_batch = messages([group] * group_messages, "group")
    private_batch = messages(add_users(server, privates), "private")
    return group_batch, private_batch


async def _until_private_done(server: FakeBotApi, batch: list[Message], stall: float) -> Tally:
    """Poll until every private message arrived, or none arrived for `stall` seconds."""
    last, moment = -1, time.monotonic()
    while True:
        t = tally(server, batch)
        if t.delivered == len(batch):
            return t
        if t.delivered != last:
            last, moment = t.delivered, time.monotonic()
        elif time.monotonic() - moment > stall:
            return t
        await asyncio.sleep(0.25)


async def _observe_group(server: FakeBotApi, batch: list[Message], window: float) -> Tally:
    """Until `window` seconds after the group's first receipt, or all of it arrived."""
    deadline = time.monotonic() + window + 10.0
    while True:
        t = tally(server, batch)
        done = t.delivered == len(batch) or (t.times and time.monotonic() - t.first_at >= window)
        if done or time.monotonic() > deadline:
            return t
        await asyncio.sleep(0.25)


def _summary(server: FakeBotApi, started: float, private: Tally, group: Tally) -> Mixed:
    elapsed = private.last_at - started
    return Mixed(
        private_share=private.delivered / elapsed / 30.0 if elapsed > 0 else 0.0,
        private_elapsed=elapsed,
        private_tail=private.tail,
        group_sent=group.delivered,
        group_max_per_minute=max_in_window(group.times, 60.0),
        group_observed_s=(group.last_at - group.first_at) if group.times else 0.0,
        limit_429=server.stats.limit_429,
    )


async def ura_mixed(privates: int, group_messages: int, window: float) -> Mixed:
    async with fake_server() as server:
        group_batch, private_batch = _world(server, privates, group_messages)
        async with UraSide(server) as ura:
            await ura.enqueue(group_batch + private_batch, Priority.BULK)
            started = time.monotonic()
            await ura.start()
            private = await _until_private_done(server, private_batch, stall=60.0)
            group = await _observe_group(server, group_batch, window)
            return _summary(server, started, private, group)


async def reference_mixed(privates: int, group_messages: int, window: float) -> Mixed:
    async with fake_server() as server:
        group_batch, private_batch = _world(server, privates, group_messages)
        async with ReferenceSide(server) as ref:
            started = time.monotonic()
            task = ref.start(group_batch + private_batch)
            private = await _until_private_done(server, private_batch, stall=60.0)
            group = await _observe_group(server, group_batch, window)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return _summary(server, started, private, group)


async def mixed(privates: int, group_messages: int, window: float) -> dict[str, float]:
    ura = await ura_mixed(privates, group_messages, window)
    ref = await reference_mixed(privates, group_messages, window)
    return {
        "mixed_private_share": ura.private_share,
        "mixed_group_max_per_minute": ura.group_max_per_minute,
        "mixed_private_elapsed_s": ura.private_elapsed,
        "mixed_private_tail_s": ura.private_tail,
        "mixed_group_delivered": ura.group_sent,
        "mixed_group_observed_s": ura.group_observed_s,
        "mixed_429": ura.limit_429,
        "mixed_private_share_aioratelimiter": ref.private_share,
        "mixed_group_max_per_minute_aioratelimiter": ref.group_max_per_minute,
        "mixed_private_elapsed_s_aioratelimiter": ref.private_elapsed,
        "mixed_private_tail_s_aioratelimiter": ref.private_tail,
        "mixed_group_delivered_aioratelimiter": ref.group_sent,
        "mixed_group_observed_s_aioratelimiter": ref.group_observed_s,
        "mixed_429_aioratelimiter": ref.limit_429,
    }

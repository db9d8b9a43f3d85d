"""Broadcast scenarios: a clean and a faulty 1,000-chat broadcast, and a burst to one chat.

Each runs twice on fresh fake servers (fresh buckets, same seed): once through Ura's engine,
once through the reference AIORateLimiter.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.common import Message, add_users, fake_server, messages, tally
from bench.reference import ReferenceSide
from bench.ura_side import UraSide
from bot.delivery import Priority
from bot.sandbox.telegram import FakeBotApi, Faults

FAULT_SEED = 20261123
# One random draw of faults decides a lot (a single message drawing two 429s in a row at the
# end adds its 5 s to the total), so the time ratio is judged on the median of three draws;
# every draw is reported too.
RATIO_SEEDS = (FAULT_SEED, 1, 2)


@dataclass
class Run:
    """One side's result for one batch of messages."""

    sent: int
    delivered: int
    duplicates: int
    to_last_delivery: float  # seconds from start to the last message's arrival
    to_done: float  # seconds from start until every message is final (or gather returned)
    limit_429: int  # 429s the sender provoked (beyond the injected ones)
    injected_429: int
    injected_5xx: int
    requests: int = 0  # sendMessage requests the server saw
    tail: float = 0.0  # last delivery minus the 99th-percentile one
    complete: bool = True

    @property
    def share(self) -> float:
        """Delivered per second as a share of the 30/s global limit."""
        return self.delivered / self.to_last_delivery / 30.0 if self.to_last_delivery else 0.0


def _result(server: FakeBotApi, batch: list[Message], started: float, done: float) -> Run:
    t = tally(server, batch)
    stats = server.stats
    return Run(
        sent=len(batch),
        delivered=t.delivered,
        duplicates=t.duplicates,
        to_last_delivery=max(0.0, t.last_at - started),
        to_done=done - started,
        limit_429=stats.limit_429,
        injected_429=stats.injected_429,
        injected_5xx=stats.injected_5xx,
        requests=stats.requests["sendMessage"],
        tail=t.tail,
    )


async def ura_batch(batch_of: int, faults: Faults | None, one_chat: bool = False) -> Run:
    async with fake_server(faults) as server:
        users = add_users(server, 1 if one_chat else batch_of)
        batch = messages(users * batch_of if one_chat else users, "ura")
        priority = Priority.INTERACTIVE if one_chat else Priority.BULK
        async with UraSide(server) as ura:
            ids = await ura.enqueue(batch, priority)
            started = time.monotonic()
            await ura.start()
            complete = await ura.wait_final(ids)
            run = _result(server, batch, started, time.monotonic())
        run.complete = complete
        return run


async def reference_batch(batch_of: int, faults: Faults | None, one_chat: bool = False) -> Run:
    async with fake_server(faults) as server:
        users = add_users(server, 1 if one_chat else batch_of)
        batch = messages(users * batch_of if one_chat else users, "ref")
        async with ReferenceSide(server) as ref:
            started = time.monotonic()
            await ref.send(batch)
            return _result(server, batch, started, time.monotonic())


def faults(seed: int = FAULT_SEED) -> Faults:
    return Faults(rate_429=0.05, rate_5xx=0.02, seed=seed)


async def clean(members: int) -> dict[str, float]:
    ura = await ura_batch(members, None)
    ref = await reference_batch(members, None)
    return {
        "clean_share": ura.share,
        "clean_429": ura.limit_429,
        "clean_delivered": ura.delivered,
        "clean_elapsed_s": ura.to_last_delivery,
        "clean_tail_s": ura.tail,
        "clean_share_aioratelimiter": ref.share,
        "clean_429_aioratelimiter": ref.limit_429,
        "clean_delivered_aioratelimiter": ref.delivered,
        "clean_elapsed_s_aioratelimiter": ref.to_last_delivery,
        "clean_tail_s_aioratelimiter": ref.tail,
    }


async def faulty(members: int) -> dict[str, Any]:
    ura = await ura_batch(members, faults())
    ref = await reference_batch(members, faults())
    ratios = [ura.to_done / ref.to_done]
    for seed in RATIO_SEEDS[1:]:
        other_ura = await ura_batch(members, faults(seed))
        other_ref = await reference_batch(members, faults(seed))
        assert other_ura.delivered == other_ura.sent, f"seed {seed}: Ura lost a message"
        ratios.append(other_ura.to_done / other_ref.to_done)
    return {
        "faulty_delivered_share": ura.delivered / ura.sent,
        "faulty_duplicated": ura.duplicates,
        "faulty_extra_429": ura.limit_429,
        "faulty_time_ratio_to_aioratelimiter": statistics.median(ratios),
        "faulty_time_ratio_by_seed": {
            str(s): round(r, 3) for s, r in zip(RATIO_SEEDS, ratios, strict=True)
        },
        "faulty_elapsed_s": ura.to_done,
        "faulty_tail_s": ura.tail,
        "faulty_requests": ura.requests,
        "faulty_injected_429": ura.injected_429,
        "faulty_injected_5xx": ura.injected_5xx,
        "faulty_delivered_share_aioratelimiter": ref.delivered / ref.sent,
        "faulty_duplicated_aioratelimiter": ref.duplicates,
        "faulty_extra_429_aioratelimiter": ref.limit_429,
        "faulty_elapsed_s_aioratelimiter": ref.to_done,
        "faulty_tail_s_aioratelimiter": ref.tail,
        "faulty_requests_aioratelimiter": ref.requests,
        "faulty_injected_429_aioratelimiter": ref.injected_429,
        "faulty_injected_5xx_aioratelimiter": ref.injected_5xx,
    }


async def chat_burst(count: int = 20) -> dict[str, float]:
    ura = await ura_batch(count, None, one_chat=True)
    ref = await reference_batch(count, None, one_chat=True)
    return {
        "chat_burst_429": ura.limit_429,
        "chat_burst_delivered": ura.delivered,
        "chat_burst_elapsed_s": ura.to_done,
        "chat_burst_429_aioratelimiter": ref.limit_429,
        "chat_burst_delivered_aioratelimiter": ref.delivered,
        "chat_burst_elapsed_s_aioratelimiter": ref.to_done,
    }

"""Shared measuring tools: fake servers with Telegram's limits, unique message texts, counts.

Every message a benchmark sends carries a unique token in its text, so deliveries and
duplicates are counted from what the fake server stored, never from what the sender believes.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.sandbox.telegram import FakeBotApi, FakeChat, FakeUser, Faults, Limits

TOKEN = "123456:BENCH"


def fake_server(faults: Faults | None = None) -> FakeBotApi:
    """A fresh fake Bot API (fresh buckets and counters) with Telegram's limits enforced."""
    return FakeBotApi(token=TOKEN, limits=Limits(), faults=faults)


def add_users(server: FakeBotApi, count: int, prefix: str = "M") -> list[FakeUser]:
    return [server.add_user(first_name=f"{prefix}{i}") for i in range(count)]


@dataclass(frozen=True)
class Message:
    """One message to send: where, and a text with a unique token."""

    chat_id: int
    text: str


def messages(chats: Iterable[FakeUser | FakeChat], tag: str) -> list[Message]:
    return [Message(c.chat_id, f"{tag} #{i:05d}") for i, c in enumerate(chats)]


@dataclass
class Tally:
    """What the server received of a set of messages."""

    delivered: int = 0
    duplicates: int = 0
    first_at: float = math.inf
    last_at: float = 0.0
    times: list[float] = field(default_factory=list)  # first receipt of each message

    @property
    def tail(self) -> float:
        """Seconds between the 99th-percentile delivery and the last: stragglers."""
        if not self.times:
            return 0.0
        return self.last_at - self.times[max(0, math.ceil(0.99 * len(self.times)) - 1)]


def tally(server: FakeBotApi, sent: list[Message]) -> Tally:
    """Count distinct deliveries and extra copies of the given messages at the server."""
    wanted: dict[int, set[str]] = {}
    for message in sent:
        wanted.setdefault(message.chat_id, set()).add(message.text)
    result = Tally()
    for chat_id, texts in wanted.items():
        seen: Counter[str] = Counter()
        for received in server.bot_messages(chat_id):
            if received.text not in texts:
                continue
            seen[received.text] += 1
            if seen[received.text] == 1:
                result.times.append(received.received_at)
        result.delivered += len(seen)
        result.duplicates += sum(n - 1 for n in seen.values())
    if result.times:
        result.times.sort()
        result.first_at, result.last_at = result.times[0], result.times[-1]
    return result


def delivered_count(server: FakeBotApi, sent: list[Message]) -> int:
    """Cheap progress check: how many of these messages arrived (at least once)."""
    return sum(1 for m in sent if any(r.text == m.text for r in server.bot_messages(m.chat_id)))


async def wait_delivered(server: FakeBotApi, sent: list[Message], within: float) -> bool:
    """Wait until every message arrived at the server, or `within` seconds passed."""
    done = await server.world.notifier.wait_until(
        lambda: delivered_count(server, sent) == len(sent), within
    )
    return bool(done)


def max_in_window(times: list[float], window: float = 60.0) -> int:
    """The most receipts in any `window`-second span (a sliding window over sorted times)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile; with few samples p99 is simply the maximum."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


async def sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.monotonic()))

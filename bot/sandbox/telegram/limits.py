"""Flood limits (token buckets) and fault injection for sending methods.

``Gate.check`` decides, for one counted request, whether it proceeds, fails with an
``ApiError`` (429 / 5xx / a scripted error) or is dropped (``DROP``).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from .errors import ApiError, too_many

DROP: Literal["drop"] = "drop"
LOSE_REPLY: Literal["lose_reply"] = "lose_reply"  # deliver, then drop the connection
Verdict = ApiError | Literal["drop", "lose_reply"] | None


@dataclass
class Limits:
    """Telegram's documented flood limits; passing an instance enables enforcement."""

    global_capacity: float = 30.0
    global_per_second: float = 30.0
    private_capacity: float = 4.0
    private_per_second: float = 1.0
    group_capacity: float = 20.0
    group_per_second: float = 20.0 / 60.0
    enabled: bool = True


@dataclass
class Faults:
    """Random failures for counted sends, drawn from ``random.Random(seed)``."""

    rate_429: float = 0.0
    rate_5xx: float = 0.0
    rate_drop: float = 0.0
    drop_delay: float = 30.0
    # The message is delivered, then the connection drops before the reply: the sender
    # cannot tell this from a request that never arrived.
    rate_lost_reply: float = 0.0
    seed: int | None = None
    retry_after_min: int = 1
    retry_after_max: int = 3


@dataclass
class Stats:
    """Server counters."""

    requests: Counter[str] = field(default_factory=Counter)
    injected_429: int = 0
    injected_5xx: int = 0
    dropped: int = 0
    lost_replies: int = 0
    limit_429: int = 0
    delivered: int = 0


class TokenBucket:
    """Classic token bucket; starts full."""

    def __init__(self, capacity: float, per_second: float, now: float) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.tokens = capacity
        self.updated = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1.0:
            return 0.0
        return (1.0 - self.tokens) / self.per_second

    def take(self) -> None:
        """Consume one token (call after ``wait_time`` returned 0)."""
        self.tokens -= 1.0


@dataclass
class _Scripted:
    error_code: int
    description: str | None
    retry_after: int | None
    times: int


class Gate:
    """Applies scripted failures, retry windows, flood limits and random faults."""

    def __init__(self, limits: Limits | None, faults: Faults | None, stats: Stats) -> None:
        self.limits = limits
        self.faults = faults
        self.stats = stats
        self.rng = random.Random(faults.seed if faults else None)
        self._global: TokenBucket | None = None
        self._chats: dict[int, TokenBucket] = {}
        self._windows: dict[int, float] = {}
        self._scripted: dict[int, list[_Scripted]] = {}
        self._lose: dict[int, int] = {}

    def set_faults(self, faults: Faults | None) -> None:
        """Replace the fault config (re-seeding the random generator)."""
        self.faults = faults
        self.rng = random.Random(faults.seed if faults else None)

    def fail_next(
        self,
        chat_id: int,
        error_code: int,
        description: str | None,
        retry_after: int | None,
        times: int,
    ) -> None:
        """Script the next ``times`` counted requests to ``chat_id`` to fail."""
        entry = _Scripted(error_code, description, retry_after, times)
        self._scripted.setdefault(chat_id, []).append(entry)

    def lose_next_replies(self, chat_id: int, times: int) -> None:
        """Deliver the next ``times`` counted requests to ``chat_id``, then drop the reply."""
        self._lose[chat_id] = self._lose.get(chat_id, 0) + times

    def check(self, chat_id: int | None, kind: str | None, now: float) -> Verdict:
        """Decide the fate of one counted request to ``chat_id`` (kind private/group)."""
        if self._lose.get(chat_id or 0):
            self._lose[chat_id or 0] -= 1
            self.stats.lost_replies += 1
            return LOSE_REPLY
        scripted = self._scripted.get(chat_id or 0)
        if scripted:
            entry = scripted[0]
            entry.times -= 1
            if entry.times <= 0:
                scripted.pop(0)
            return ApiError(entry.error_code, entry.description, entry.retry_after)
        if chat_id is not None and self._windows.get(chat_id, 0.0) > now:
            self.stats.limit_429 += 1
            return too_many(max(1, math.ceil(self._windows[chat_id] - now)))
        buckets = self._buckets(chat_id, kind, now)
        wait = max((b.wait_time(now) for b in buckets), default=0.0)
        if wait > 0:
            self.stats.limit_429 += 1
            return too_many(max(1, math.ceil(wait)))
        verdict = self._random_fault(chat_id, now)
        if verdict is None:
            for bucket in buckets:
                bucket.take()
        return verdict

    def _buckets(self, chat_id: int | None, kind: str | None, now: float) -> list[TokenBucket]:
        limits = self.limits
        if limits is None or not limits.enabled:
            return []
        if self._global is None:
            self._global = TokenBucket(limits.global_capacity, limits.global_per_second, now)
        buckets = [self._global]
        if chat_id is not None and kind is not None:
            if chat_id not in self._chats:
                private = kind == "private"
                capacity = limits.private_capacity if private else limits.group_capacity
                rate = limits.private_per_second if private else limits.group_per_second
                self._chats[chat_id] = TokenBucket(capacity, rate, now)
            buckets.append(self._chats[chat_id])
        return buckets

    def _random_fault(self, chat_id: int | None, now: float) -> Verdict:
        faults = self.faults
        if faults is None:
            return None
        if not (faults.rate_429 or faults.rate_5xx or faults.rate_drop or faults.rate_lost_reply):
            return None
        roll = self.rng.random()
        if roll < faults.rate_429:
            self.stats.injected_429 += 1
            retry_after = self.rng.randint(faults.retry_after_min, faults.retry_after_max)
            if chat_id is not None:
                self._windows[chat_id] = now + retry_after
            return too_many(retry_after)
        if roll < faults.rate_429 + faults.rate_5xx:
            self.stats.injected_5xx += 1
            return ApiError(502, "Bad Gateway")
        if roll < faults.rate_429 + faults.rate_5xx + faults.rate_drop:
            self.stats.dropped += 1
            return DROP
        if roll < faults.rate_429 + faults.rate_5xx + faults.rate_drop + faults.rate_lost_reply:
            self.stats.lost_replies += 1
            return LOSE_REPLY
        return None

    def reset_limits(self, limits: Limits | None) -> None:
        """Replace the limit config and refill all buckets."""
        self.limits = limits
        self._global = None
        self._chats.clear()

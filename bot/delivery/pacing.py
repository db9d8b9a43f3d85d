"""Pacing at Telegram's limits with the generic cell rate algorithm (a leaky bucket).

Each limiter says how long to wait before the next send; it never sleeps itself, so one
slow chat never holds up another.

The bot-wide limit is kept twice: a smooth pace decides when a message is dispatched, and a
sliding window on the moment each request leaves is the hard bound: never more than the limit
in any window of one second plus a margin for the jitter between leaving here and arriving at
Telegram (so a message that arrives a little late never shares a second with 30 others).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class Gcra:
    """At most `burst` sends at once, then one every `interval` seconds."""

    interval: float
    burst: int = 1
    _tat: float = field(default=0.0, repr=False)

    def wait(self, now: float) -> float:
        allowed_at = self._tat - (self.burst - 1) * self.interval
        return max(0.0, allowed_at - now)

    def take(self, now: float) -> None:
        self._tat = max(self._tat, now) + self.interval

    def idle(self, now: float) -> bool:
        return self._tat <= now


class SlidingWindow:
    """At most `limit` events in any `window` seconds: it keeps the moments of the last `limit`."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._times: deque[float] = deque(maxlen=limit)

    def wait(self, now: float) -> float:
        if len(self._times) < self.limit:
            return 0.0
        return max(0.0, self._times[0] + self.window - now)

    def take(self, now: float) -> None:
        self._times.append(now)


@dataclass
class ChatGate:
    """One chat's pace plus any pause Telegram asked for (429 retry_after) or backoff."""

    pace: Gcra
    paused_until: float = 0.0

    def wait(self, now: float) -> float:
        return max(self.pace.wait(now), self.paused_until - now, 0.0)


# A sixth of a second's worth at once (5 at 30/s): prompt after a pause, and the sliding
# window still holds the whole second to the limit.
GLOBAL_BURST_DIVISOR = 6
# A group's pace gets this much extra spacing, so no 60-second window ever holds more than the
# limit even when a send is stamped a little early.
GROUP_MARGIN_SECONDS = 0.05


class Pacer:
    """Global, per-private-chat and per-group limits; group ids are negative, as Telegram's."""

    def __init__(
        self,
        global_per_second: float,
        private_per_second: float,
        private_burst: int,
        group_per_minute: float,
        global_margin: float = 0.0,
    ) -> None:
        limit = max(1, round(global_per_second))
        window = limit / global_per_second + global_margin  # 1 s + margin at 30/s
        # The smooth pace runs at the window's rate, so dispatching never runs ahead of leaving;
        # a small burst keeps a quiet bot's first few messages prompt.
        self.global_pace = Gcra(window / limit, burst=max(2, limit // GLOBAL_BURST_DIVISOR))
        self.leaving = SlidingWindow(limit, window)
        self._private = (1.0 / private_per_second, private_burst)
        self._group_interval = 60.0 / group_per_minute + GROUP_MARGIN_SECONDS
        self._chats: dict[int, ChatGate] = {}
        self.paused_until = 0.0

    def chat(self, chat_id: int) -> ChatGate:
        gate = self._chats.get(chat_id)
        if gate is None:
            if chat_id < 0:
                gate = ChatGate(Gcra(self._group_interval, burst=1))
            else:
                gate = ChatGate(Gcra(self._private[0], burst=self._private[1]))
            self._chats[chat_id] = gate
        return gate

    def chat_wait(self, chat_id: int, now: float) -> float:
        return self.chat(chat_id).wait(now)

    def global_wait(self, now: float) -> float:
        return max(self.global_pace.wait(now), self.leaving.wait(now), self.paused_until - now, 0.0)

    def leave_wait(self, now: float) -> float:
        """How long a request that is about to leave must still wait (the hard bound)."""
        return self.leaving.wait(now)

    def leave(self, now: float) -> None:
        self.leaving.take(now)

    def take(self, chat_id: int, now: float) -> None:
        self.global_pace.take(now)
        self.chat(chat_id).pace.take(now)

    def pause_chat(self, chat_id: int, until: float) -> None:
        gate = self.chat(chat_id)
        gate.paused_until = max(gate.paused_until, until)

    def pause_all(self, until: float) -> None:
        self.paused_until = max(self.paused_until, until)

    def forget_idle(self, now: float) -> None:
        """Drop state of chats that are quiet, so memory stays flat over millions of chats."""
        for chat_id in [
            c for c, g in self._chats.items() if g.pace.idle(now) and g.paused_until <= now
        ]:
            del self._chats[chat_id]

"""Pacing at Telegram's limits with the generic cell rate algorithm (a leaky bucket).

Each limiter says how long to wait before the next send; it never sleeps itself, so one
slow chat never holds up another.
"""

from __future__ import annotations

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


@dataclass
class ChatGate:
    """One chat's pace plus any pause Telegram asked for (429 retry_after) or backoff."""

    pace: Gcra
    paused_until: float = 0.0

    def wait(self, now: float) -> float:
        return max(self.pace.wait(now), self.paused_until - now, 0.0)


class Pacer:
    """Global, per-private-chat and per-group limits; group ids are negative, as Telegram's."""

    def __init__(
        self,
        global_per_second: float,
        private_per_second: float,
        private_burst: int,
        group_per_minute: float,
    ) -> None:
        self.global_pace = Gcra(1.0 / global_per_second, burst=max(2, int(global_per_second // 6)))
        self._private = (1.0 / private_per_second, private_burst)
        # A little margin so no 60-second window ever holds more than the limit.
        self._group_interval = 60.0 / group_per_minute + 0.05
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
        return max(self.global_pace.wait(now), self.paused_until - now, 0.0)

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

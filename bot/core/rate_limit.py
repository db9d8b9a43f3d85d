"""Per-person limits on updates: a flood costs Ura one polite message, then silence.

Kept in memory per process, which is enough for abuse control: a second process simply
allows a second share. The clock is the caller's, so tests can move time.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Verdict(StrEnum):
    ALLOW = "allow"
    WARN = "warn"  # the first update over the limit: say so, once
    SILENT = "silent"  # further ones until the window has passed


@dataclass
class _Window:
    seen: deque[datetime] = field(default_factory=deque)
    warned: bool = False
    last_update: int | None = None  # one update may reach several handlers: count it once
    last_verdict: Verdict = Verdict.ALLOW


class RateLimiter:
    def __init__(self, limit: int, window: timedelta = timedelta(minutes=1)) -> None:
        self.limit, self.window = limit, window
        self._people: dict[int, _Window] = {}

    def check(self, key: int, now: datetime, update_id: int | None = None) -> Verdict:
        """Count one update of `key` at `now`; refused updates do not extend the silence."""
        if len(self._people) > 10_000:
            self.forget_idle(now)
        state = self._people.setdefault(key, _Window())
        if update_id is not None and update_id == state.last_update:
            return state.last_verdict
        state.last_update = update_id
        state.last_verdict = self._count(state, now)
        return state.last_verdict

    def _count(self, state: _Window, now: datetime) -> Verdict:
        while state.seen and state.seen[0] <= now - self.window:
            state.seen.popleft()
        if len(state.seen) < self.limit:
            state.seen.append(now)
            state.warned = False
            return Verdict.ALLOW
        if state.warned:
            return Verdict.SILENT
        state.warned = True
        return Verdict.WARN

    def forget_idle(self, now: datetime) -> None:
        """Drop people with nothing in the window, so memory follows the active ones."""
        idle = [k for k, s in self._people.items() if not s.seen or s.seen[-1] <= now - self.window]
        for key in idle:
            del self._people[key]

"""The claimed rows waiting in memory, one queue per chat, in priority order.

One message per chat is in flight at a time, so a chat's messages arrive in order; a chat
that must wait (its pace, a 429) never holds up the others.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from bot.delivery.store import Job

# The longest a pick says to wait when no chat may send: the caller looks again by then, so a
# pause that ends early or a new job is noticed within a second.
LONGEST_WAIT = 1.0


class ChatQueues:
    def __init__(self) -> None:
        self._queues: dict[int, list[tuple[int, int, Job]]] = {}
        self.held: set[int] = set()  # ids of every job in memory, in a queue or in flight
        self._busy: set[int] = set()  # chats with a message in flight

    def __len__(self) -> int:
        return len(self.held)

    def hold(self, job: Job) -> None:
        self.held.add(job.id)
        heapq.heappush(self._queues.setdefault(job.chat_id, []), (job.priority, job.id, job))

    def pick(
        self, now: float, chat_wait: Callable[[int, float], float]
    ) -> tuple[Job | None, float]:
        """The most urgent job whose chat may send now, or how long until one may (at most
        LONGEST_WAIT)."""
        best: Job | None = None
        soonest = LONGEST_WAIT
        for chat_id, queue in self._queues.items():
            if not queue or chat_id in self._busy:
                continue
            wait = chat_wait(chat_id, now)
            if wait > 0:
                soonest = min(soonest, wait)
                continue
            head = queue[0][2]
            if best is None or head.order < best.order:
                best = head
        return best, soonest

    def take(self, job: Job) -> None:
        """The job leaves its queue and its chat is busy until `done`."""
        queue = self._queues[job.chat_id]
        heapq.heappop(queue)
        if not queue:
            del self._queues[job.chat_id]
        self._busy.add(job.chat_id)

    def done(self, job: Job, requeue: bool) -> None:
        self._busy.discard(job.chat_id)
        if requeue:
            self.hold(job)
        else:
            self.held.discard(job.id)

    def drop_chat(self, chat_id: int) -> list[Job]:
        """Everything still waiting for one chat (it can't be reached any more)."""
        rest = [entry[2] for entry in self._queues.pop(chat_id, [])]
        for job in rest:
            self.held.discard(job.id)
        return rest

"""The reference: python-telegram-bot's own ``AIORateLimiter(max_retries=3)``, used as its
users do: ``asyncio.gather`` of ``bot.send_message(...)``, exceptions collected, not raised.

It has no per-private-chat limit, does not retry 5xx, and pauses everything on a 429 only
until any concurrent request finishes; the benchmark shows what that costs.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from types import TracebackType

from telegram.ext import AIORateLimiter, ExtBot

from bench.common import Message
from bot.sandbox.telegram import FakeBotApi


class ReferenceSide:
    """`async with ReferenceSide(server) as ref:` then `await ref.send(batch)`."""

    def __init__(self, server: FakeBotApi) -> None:
        self.server = server
        self.errors: Counter[str] = Counter()

    async def __aenter__(self) -> ReferenceSide:
        self.bot: ExtBot[int] = ExtBot(
            self.server.token,
            base_url=f"{self.server.base_url}/bot",
            rate_limiter=AIORateLimiter(max_retries=3),
        )
        await self.bot.initialize()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.bot.shutdown()

    async def send(self, batch: list[Message]) -> int:
        """Gather the sends; returns how many raised (counted by type in `errors`)."""
        results = await asyncio.gather(
            *(self.bot.send_message(m.chat_id, m.text) for m in batch), return_exceptions=True
        )
        failed = [r for r in results if isinstance(r, BaseException)]
        self.errors.update(type(r).__name__ for r in failed)
        return len(failed)

    def start(self, batch: list[Message]) -> asyncio.Task[int]:
        return asyncio.create_task(self.send(batch))

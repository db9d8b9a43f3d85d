"""``FakeBotApi``: the fake server with simulated users, plus observation and waiting helpers."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from .actions import Target, UserSimulation
from .service import scope_key
from .state import FakeMessage


class FakeBotApi(UserSimulation):
    """A fake Telegram Bot API with simulated users, chats and assertion helpers."""

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ---- observation ----------------------------------------------------------------------
    def transcript(self, target: Target) -> list[FakeMessage]:
        """All live messages of the chat in order (users and bot), edits applied."""
        return [m for m in self.world.messages[self.chat(target).id] if not m.deleted]

    def format_transcript(self, target: Target) -> str:
        """Human-readable transcript, used in assertion messages."""
        lines = [m.describe() for m in self.transcript(target)]
        return "\n".join(lines) or "  (empty)"

    def commands(
        self,
        scope_type: str = "default",
        language_code: str = "",
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """What setMyCommands stored for this scope and language."""
        scope: dict[str, Any] = {"type": scope_type}
        if chat_id is not None:
            scope["chat_id"] = chat_id
        if user_id is not None:
            scope["user_id"] = user_id
        return list(self.world.commands.get((scope_key(scope), language_code), []))

    async def wait_for_message(
        self,
        target: Target,
        contains: str | None = None,
        timeout: float = 15.0,  # noqa: ASYNC109 - generous: a loaded CI machine is slow
        after: FakeMessage | int | None = None,
    ) -> FakeMessage:
        """First bot message in the chat (id > after) whose current text contains ``contains``."""
        chat = self.chat(target)
        after_id = after.message_id if isinstance(after, FakeMessage) else (after or 0)

        def find() -> FakeMessage | None:
            for m in self.bot_messages(chat):
                if m.message_id > after_id and (contains is None or contains in m.text):
                    return m
            return None

        found = await self.world.notifier.wait_until(find, timeout)
        if found is None:
            raise AssertionError(
                f"no bot message containing {contains!r} in chat {chat.id} after #{after_id} "
                f"within {timeout}s; transcript:\n{self.format_transcript(chat)}"
            )
        return found

    async def wait_for_edit(
        self,
        message: FakeMessage,
        contains: str | None = None,
        timeout: float = 15.0,  # noqa: ASYNC109 - generous: a loaded CI machine is slow
    ) -> FakeMessage:
        """Wait until the message's current text contains ``contains`` (or any new edit)."""
        edits = message.edits

        def done() -> bool:
            return contains in message.text if contains is not None else message.edits > edits

        if not await self.world.notifier.wait_until(done, timeout):
            raise AssertionError(
                f"message #{message.message_id} not edited to contain {contains!r} within "
                f"{timeout}s; current text {message.text!r}, history {message.history}"
            )
        return message

    async def wait_for_callback_answer(
        self,
        query_id: str,
        timeout: float = 15.0,  # noqa: ASYNC109 - generous: a loaded CI machine is slow
    ) -> dict[str, Any]:
        """Wait until the bot answered the callback query."""
        answer = await self.world.notifier.wait_until(
            lambda: self.callback_answer(query_id), timeout
        )
        if answer is None:
            raise AssertionError(f"callback query {query_id} not answered within {timeout}s")
        return answer

    async def wait_idle(
        self,
        quiet: float = 0.3,
        timeout: float = 20.0,  # noqa: ASYNC109 - generous: a loaded CI machine is slow
    ) -> None:
        """Wait until all updates were fetched and the bot made no call for ``quiet`` seconds."""

        def idle() -> bool:
            last = max(self.last_call_at, self.world.last_fetch)
            busy = self.world.unfetched() or self.in_flight
            return not busy and time.monotonic() - last >= quiet

        deadline = time.monotonic() + timeout
        while not idle():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"bot not idle after {timeout}s: {self.world.unfetched()} updates unfetched, "
                    f"{self.in_flight} calls in flight"
                )
            await asyncio.sleep(min(0.02, quiet))

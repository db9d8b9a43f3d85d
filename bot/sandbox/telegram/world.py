"""The in-memory store behind the fake server: chats, messages, files, updates, callbacks."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import (
    BLOCKED,
    CANT_INITIATE,
    CHAT_NOT_FOUND,
    KICKED,
    KICKED_SUPERGROUP,
    NOT_MEMBER,
    NOT_MEMBER_SUPERGROUP,
    ApiError,
)
from .limits import Stats
from .state import FakeChat, FakeFile, FakeMessage, FakeUser

T = TypeVar("T")


class Notifier:
    """Wakes every waiter whenever the world changes."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.version = 0  # counts changes, so a watcher (the sandbox page) knows it missed one

    def notify(self) -> None:
        """Signal a change."""
        self.version += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], T], within: float) -> T | None:
        """Return the first truthy ``predicate()`` result, or None after ``within`` seconds."""
        deadline = time.monotonic() + within
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            event = self._event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, 0.25))


@dataclass
class PendingUpdate:
    """A queued Update with its type (e.g. ``message``) for allowed_updates filtering."""

    update_id: int
    kind: str
    payload: dict[str, Any]
    enqueued_at: float = field(default_factory=time.monotonic)
    fetched: bool = False


class World:
    """All state of the fake Telegram: shared by the HTTP methods and the test-facing API."""

    def __init__(self, bot: FakeUser) -> None:
        self.bot = bot
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.messages: dict[int, list[FakeMessage]] = {}
        self.files: dict[str, FakeFile] = {}
        self.file_paths: dict[str, FakeFile] = {}
        self.updates: list[PendingUpdate] = []
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}
        self.allowed_updates: list[str] | None = None
        self.notifier = Notifier()
        self.stats = Stats()
        self.closing = False
        self.last_fetch = 0.0
        self.poll_generation = 0
        self._user_ids = itertools.count(1000)
        self._group_ids = itertools.count(1)
        self._update_ids = itertools.count(100_000_001)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)

    # ---- users and chats -------------------------------------------------------------
    def add_user(self, **kwargs: Any) -> FakeUser:
        """Create a user and the private chat with the bot."""
        user = FakeUser(id=next(self._user_ids), **kwargs)
        self.users[user.id] = user
        self.chats[user.id] = FakeChat(id=user.id, type="private", user=user)
        self.messages[user.id] = []
        return user

    def add_group(self, title: str, members: list[FakeUser], supergroup: bool) -> FakeChat:
        """Create a group (id ``-N``) or supergroup (id ``-100...``) with the bot in it."""
        n = next(self._group_ids)
        chat_id = -(1_000_000_000_000 + n) if supergroup else -(4_000_000_000 + n)
        kind = "supergroup" if supergroup else "group"
        chat = FakeChat(id=chat_id, type=kind, title=title, members=list(members))
        self.chats[chat_id] = chat
        self.messages[chat_id] = []
        return chat

    def chat_of(self, target: FakeUser | FakeChat | int) -> FakeChat:
        """Resolve a user (their private chat), a chat or a chat id."""
        chat_id = target if isinstance(target, int) else target.chat_id
        if chat_id not in self.chats:
            raise AssertionError(f"unknown chat {chat_id}")
        return self.chats[chat_id]

    def resolve_chat(self, chat_id: Any) -> FakeChat:
        """Find the chat a Bot API ``chat_id`` refers to, or raise 'chat not found'."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == chat_id[1:].lower():
                    return chat
            raise ApiError(400, CHAT_NOT_FOUND)
        try:
            return self.chats[int(chat_id)]
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, CHAT_NOT_FOUND) from None

    def writable_chat(self, chat_id: Any) -> FakeChat:
        """A chat the bot may post in; raises the 403 errors Telegram gives otherwise."""
        chat = self.resolve_chat(chat_id)
        if chat.user is not None:
            if chat.user.blocked:
                raise ApiError(403, BLOCKED)
            if not chat.user.started:
                raise ApiError(403, CANT_INITIATE)
        elif chat.bot_kicked:
            raise ApiError(403, KICKED if chat.type == "group" else KICKED_SUPERGROUP)
        elif chat.bot_left:
            raise ApiError(403, NOT_MEMBER if chat.type == "group" else NOT_MEMBER_SUPERGROUP)
        return chat

    # ---- messages ----------------------------------------------------------------------
    def bot_membership(self, chat: FakeChat, by: FakeUser, old: str, new: str) -> int:
        """A ``my_chat_member`` update: the bot's status in ``chat`` changed, done by ``by``."""
        bot = self.bot.to_dict()
        return self.enqueue(
            "my_chat_member",
            {
                "chat": chat.to_dict(),
                "from": by.to_dict(),
                "date": int(time.time()),
                "old_chat_member": {"user": bot, "status": old},
                "new_chat_member": {"user": bot, "status": new},
            },
        )

    def next_message_id(self, chat: FakeChat) -> int:
        """Per-chat increasing message ids, shared by users and the bot."""
        history = self.messages[chat.id]
        return history[-1].message_id + 1 if history else 1

    def store(self, message: FakeMessage) -> FakeMessage:
        """Append a message to its chat and wake waiters (counted as delivered if the bot's)."""
        self.messages[message.chat.id].append(message)
        if message.from_bot:
            self.stats.delivered += 1
        self.notifier.notify()
        return message

    def find_message(self, chat_id: Any, message_id: Any) -> FakeMessage | None:
        """A live (not deleted) message by chat and id."""
        try:
            chat = self.resolve_chat(chat_id)
            wanted = int(message_id)
        except (ApiError, TypeError, ValueError):
            return None
        for message in self.messages[chat.id]:
            if message.message_id == wanted and not message.deleted:
                return message
        return None

    # ---- files ---------------------------------------------------------------------------
    def add_file(self, content: bytes, folder: str, filename: str | None, **kw: Any) -> FakeFile:
        """Store bytes and give them a file_id and a download path."""
        n = next(self._file_ids)
        suffix = f".{filename.rsplit('.', 1)[1]}" if filename and "." in filename else ""
        stored = FakeFile(
            file_id=f"BQACAgIAAx{n:08d}fake",
            file_unique_id=f"AgAD{n:06d}",
            file_path=f"{folder}/file_{n}{suffix}",
            content=content,
            filename=filename,
            **kw,
        )
        self.files[stored.file_id] = stored
        self.file_paths[stored.file_path] = stored
        return stored

    # ---- updates and callback queries ---------------------------------------------------
    def enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an Update of the given kind; returns its update_id."""
        update_id = next(self._update_ids)
        self.updates.append(PendingUpdate(update_id, kind, {"update_id": update_id, kind: payload}))
        self.notifier.notify()
        return update_id

    def new_query_id(self) -> str:
        """A fresh callback query id (a numeric string, like Telegram's)."""
        return str(next(self._query_ids))

    def unfetched(self) -> int:
        """Updates queued but never handed out by getUpdates."""
        return sum(1 for u in self.updates if not u.fetched)

"""Simulated users: world setup (users, groups, blocking) and what users do in chats."""

from __future__ import annotations

import time
from typing import Any

from .entities import command_entities
from .server import FakeBotServer
from .state import FakeChat, FakeMessage, FakeUser

Target = FakeUser | FakeChat | int


class UserSimulation(FakeBotServer):
    """Server plus simulated users; ``FakeBotApi`` adds observation and waiting."""

    # ---- world setup ------------------------------------------------------------------
    def add_user(
        self,
        first_name: str = "User",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "sq",
        started: bool = True,
    ) -> FakeUser:
        """A new user (ids from 1000 up) with a private chat (chat_id == id)."""
        return self.world.add_user(
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            started=started,
        )

    def add_group(
        self, title: str, members: list[FakeUser] | None = None, supergroup: bool = True
    ) -> FakeChat:
        """A supergroup (id -100...) or, with supergroup=False, a basic group, bot included."""
        return self.world.add_group(title, list(members or []), supergroup)

    def add_bot_to_group(
        self, by: FakeUser, title: str, members: list[FakeUser] | None = None
    ) -> FakeChat:
        """``by`` makes a supergroup and adds the bot: a ``my_chat_member`` update, as Telegram
        sends it (old status ``left``, new ``member``)."""
        chat = self.world.add_group(title, [by, *(members or [])], supergroup=True)
        self.world.bot_membership(chat, by, "left", "member")
        return chat

    def block(self, user: FakeUser) -> None:
        """The user blocks the bot: sends answer 403 'bot was blocked by the user'."""
        user.blocked = True

    def unblock(self, user: FakeUser) -> None:
        """The user unblocks the bot."""
        user.blocked = False

    def kick_bot(self, chat: FakeChat) -> None:
        """Remove the bot from a group: sends answer 403 'bot was kicked ...'."""
        chat.bot_kicked = True

    def bot_messages(self, target: Target) -> list[FakeMessage]:
        """Only the bot's live messages in the chat."""
        chat = self.world.chat_of(target)
        return [m for m in self.world.messages[chat.id] if m.from_bot and not m.deleted]

    def chat(self, target: Target) -> FakeChat:
        """The chat of a user (private), a chat, or a chat id."""
        return self.world.chat_of(target)

    # ---- user actions ---------------------------------------------------------------------
    def _user_message(
        self, user: FakeUser, chat: Target | None, reply_to: FakeMessage | int | None, **kw: Any
    ) -> FakeMessage:
        where = self.world.chat_of(chat if chat is not None else user)
        if where.is_private:
            if where.user is not user:
                raise AssertionError(f"{user.display_name} cannot write in another private chat")
            if user.blocked:
                raise AssertionError(f"{user.display_name} blocked the bot; unblock() first")
            user.started = True
        elif user not in where.members:
            where.members.append(user)
        if isinstance(reply_to, int):
            reply_to = self.world.find_message(where.id, reply_to)
        message = FakeMessage(
            message_id=self.world.next_message_id(where),
            chat=where,
            sender=user,
            from_bot=False,
            reply_to=reply_to,
            **kw,
        )
        self.world.store(message)
        if not (where.bot_kicked or where.bot_left):
            self.world.enqueue("message", message.to_dict())
        return message

    async def send_text(
        self,
        user: FakeUser,
        text: str,
        chat: Target | None = None,
        reply_to: FakeMessage | int | None = None,
    ) -> FakeMessage:
        """The user sends a text message (bot_command entities computed)."""
        entities = command_entities(text)
        return self._user_message(user, chat, reply_to, text=text, html=text, entities=entities)

    async def edit_text(self, user: FakeUser, message: FakeMessage, text: str) -> FakeMessage:
        """The user edits one of their text messages (an ``edited_message`` update)."""
        if message.sender is not user or message.from_bot:
            raise AssertionError(f"{user.display_name} can only edit their own messages")
        message.history.append(message.text)
        message.text = message.html = text
        message.entities = command_entities(text)
        message.edits += 1
        message.edit_date = int(time.time())
        self.world.enqueue("edited_message", message.to_dict())
        return message

    async def send_document(
        self,
        user: FakeUser,
        filename: str = "document.pdf",
        content: bytes = b"%PDF-1.4 fake",
        caption: str | None = None,
        mime_type: str | None = "application/pdf",
        chat: Target | None = None,
    ) -> FakeMessage:
        """The user sends a file."""
        stored = self.world.add_file(content, "documents", filename, mime_type=mime_type)
        text = caption or ""
        return self._user_message(user, chat, None, text=text, html=text, document=stored)

    async def send_photo(
        self,
        user: FakeUser,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        caption: str | None = None,
        chat: Target | None = None,
    ) -> FakeMessage:
        """The user sends a photo (two PhotoSize entries, both with these bytes)."""
        small = self.world.add_file(content, "photos", "s.jpg", width=90, height=68)
        big = self.world.add_file(content, "photos", "b.jpg", width=1280, height=960)
        text = caption or ""
        return self._user_message(user, chat, None, text=text, html=text, photo=[small, big])

    async def send_location(
        self, user: FakeUser, latitude: float, longitude: float, chat: Target | None = None
    ) -> FakeMessage:
        """The user shares a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_message(user, chat, None, location=location)

    async def press_button(
        self,
        user: FakeUser,
        label: str,
        chat: Target | None = None,
        message: FakeMessage | None = None,
    ) -> str:
        """Press the inline button with this exact label on the newest bot message having it."""
        where = self.world.chat_of(chat if chat is not None else user)
        candidates = [message] if message is not None else self.bot_messages(where)[::-1]
        for candidate in candidates:
            for row in (candidate.reply_markup or {}).get("inline_keyboard") or []:
                for button in row:
                    if button.get("text") != label:
                        continue
                    if "callback_data" not in button:
                        raise AssertionError(f"button {label!r} has no callback_data: {button}")
                    return await self.press_callback(user, candidate, button["callback_data"])
        available = {m.message_id: m.buttons for m in candidates if m.buttons}
        raise AssertionError(
            f"no inline button {label!r} in chat {where.id}; buttons by message_id: {available}"
        )

    async def press_callback(self, user: FakeUser, message: FakeMessage, data: str) -> str:
        """A callback press with arbitrary data on ``message``; returns the query id."""
        query_id = self.world.new_query_id()
        payload = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message.to_dict(),
            "chat_instance": str(abs(message.chat.id) * 7919 % 10**18),
            "data": data,
        }
        self.world.callbacks[query_id] = payload
        self.world.enqueue("callback_query", payload)
        return query_id

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """What the bot answered to a callback query (text, show_alert, url, cache_time)."""
        return self.world.callback_answers.get(query_id)

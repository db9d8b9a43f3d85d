"""Users, chats, files and messages of the fake Telegram world, with their Bot API JSON shapes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class FakeUser:
    """A Telegram user who talks to the bot."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    started: bool = True
    blocked: bool = False
    is_bot: bool = False

    @property
    def chat_id(self) -> int:
        """The id of the user's private chat with the bot (equal to the user id)."""
        return self.id

    @property
    def display_name(self) -> str:
        """First and last name, as a client shows them."""
        return f"{self.first_name} {self.last_name or ''}".strip()

    def to_dict(self) -> dict[str, Any]:
        """The Bot API ``User`` object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot}
        data["first_name"] = self.first_name
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass(eq=False)
class FakeChat:
    """A private chat, group or supergroup."""

    id: int
    type: str
    title: str | None = None
    user: FakeUser | None = None
    members: list[FakeUser] = field(default_factory=list)
    bot_kicked: bool = False
    bot_left: bool = False  # the bot left by itself (leaveChat)
    username: str | None = None

    @property
    def chat_id(self) -> int:
        """Same as ``id``; lets chats and users be used interchangeably."""
        return self.id

    @property
    def is_private(self) -> bool:
        """True for a one-to-one chat with a user."""
        return self.type == "private"

    def to_dict(self) -> dict[str, Any]:
        """The Bot API ``Chat`` object."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
        else:
            data["title"] = self.title or ""
            if self.username:
                data["username"] = self.username
        return data


@dataclass(eq=False)
class FakeFile:
    """Stored file bytes, addressable by file_id and by download path."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    def document_dict(self) -> dict[str, Any]:
        """The Bot API ``Document`` object."""
        data: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.filename:
            data["file_name"] = self.filename
        if self.mime_type:
            data["mime_type"] = self.mime_type
        data["file_size"] = len(self.content)
        return data

    def photo_size(self) -> dict[str, Any]:
        """The Bot API ``PhotoSize`` object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "file_size": len(self.content),
        }

    def file_dict(self) -> dict[str, Any]:
        """The Bot API ``File`` object returned by getFile."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclass(eq=False)
class FakeMessage:
    """One message, from a user or from the bot; ``text`` is the text or the caption."""

    message_id: int
    chat: FakeChat
    sender: FakeUser
    from_bot: bool
    text: str = ""
    html: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: FakeFile | None = None
    photo: list[FakeFile] | None = None
    location: dict[str, float] | None = None
    reply_to: FakeMessage | None = None
    forward_from: dict[str, Any] | None = None
    link_preview_options: dict[str, Any] | None = None
    disable_notification: bool = False
    date: int = field(default_factory=lambda: int(time.time()))
    received_at: float = field(default_factory=time.monotonic)
    edit_date: int | None = None
    edits: int = 0
    history: list[str] = field(default_factory=list)
    deleted: bool = False

    @property
    def chat_id(self) -> int:
        """Id of the chat the message lives in."""
        return self.chat.id

    @property
    def reply_to_message_id(self) -> int | None:
        """message_id of the replied-to message, if any."""
        return self.reply_to.message_id if self.reply_to else None

    @property
    def is_media(self) -> bool:
        """True when ``text`` is a caption (document, photo)."""
        return self.document is not None or self.photo is not None

    @property
    def caption(self) -> str | None:
        """The caption of a media message (None for text messages)."""
        return self.text if self.is_media else None

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the inline (or reply) keyboard, row by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]

    def button_data(self, label: str) -> str:
        """callback_data of the inline button with exactly this label."""
        for row in (self.reply_markup or {}).get("inline_keyboard") or []:
            for button in row:
                if button.get("text") == label and "callback_data" in button:
                    return str(button["callback_data"])
        raise AssertionError(f"no callback button {label!r}; buttons: {self.buttons}")

    def to_dict(self, with_reply: bool = True) -> dict[str, Any]:
        """The Bot API ``Message`` object."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender.to_dict(),
            "chat": self.chat.to_dict(),
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.forward_from is not None:
            data["forward_origin"] = self.forward_from
        if with_reply and self.reply_to is not None and not self.reply_to.deleted:
            data["reply_to_message"] = self.reply_to.to_dict(with_reply=False)
        if self.document is not None:
            data["document"] = self.document.document_dict()
        if self.photo is not None:
            data["photo"] = [p.photo_size() for p in self.photo]
        if self.location is not None:
            data["location"] = dict(self.location)
        key = "caption" if self.is_media else "text"
        if self.text or not (self.is_media or self.location):
            data[key] = self.text
        if self.entities:
            data[f"{key}_entities" if self.is_media else "entities"] = self.entities
        if self.link_preview_options:
            data["link_preview_options"] = self.link_preview_options
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        return data

    def describe(self) -> str:
        """One transcript line."""
        who = "bot" if self.from_bot else self.sender.display_name
        body = self.text
        if self.document is not None:
            body = f"[document {self.document.filename}] {body}"
        elif self.photo is not None:
            body = f"[photo] {body}"
        elif self.location is not None:
            body = f"[location {self.location['latitude']},{self.location['longitude']}]"
        extra = f" buttons={self.buttons}" if self.buttons else ""
        edited = f" (edited x{self.edits})" if self.edits else ""
        return f"  #{self.message_id} {who}: {body!r}{extra}{edited}"

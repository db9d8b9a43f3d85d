"""The one place that turns outbox payloads into Bot API calls and errors into outcomes."""

from __future__ import annotations

import asyncio
import base64
import re
import warnings
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal, Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.core.callbacks import CallbackSigner
from bot.delivery.repair import CAPTION_LIMIT, TEXT_LIMIT, html_to_plain, utf16_len

OutcomeKind = Literal[
    "sent",
    "retry_after",
    "transient",
    "lost",
    "unreachable",
    "unparsable",
    "too_long",
    "failed",
    "invalid",
]
# The request left and no answer came back: Telegram may have carried it out ("lost"), unlike
# a refused connection, a full pool or an error status, after which retrying is safe.
_ANSWER_LOST = ("ReadTimeout", "ReadError", "RemoteProtocolError")


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    message_id: int | None = None
    retry_after: float = 0.0
    reason: str = ""


METHODS = {
    "text": "sendMessage",
    "edit": "editMessageText",
    "document": "sendDocument",
    "photo": "sendPhoto",
    "location": "sendLocation",
}
_CODE = re.compile(r"\((\d{3})\)")  # "Bad Gateway (502)": an HTTP status, three digits
# A status in a log line is short: the first sentence of Telegram's text, cut here.
STATUS_CHARS = 80


def method_of(kind: str) -> str:
    """The Bot API method an outbox row of this kind is sent with (for logs)."""
    return METHODS.get(kind, kind)


def status_of(error: TelegramError) -> str:
    """The HTTP status behind a Telegram error, short, for a log line ("502 Bad Gateway")."""
    fixed = {RetryAfter: 429, Forbidden: 403, BadRequest: 400, InvalidToken: 401, Conflict: 409}
    for kind, code in fixed.items():
        if isinstance(error, kind):
            return f"{code} {HTTPStatus(code).phrase}"
    if isinstance(error, TimedOut):
        return "timed out"
    text = error.message.split(". ")[0]  # a 502 page's HTML follows the first sentence
    found = _CODE.search(text)
    if found:
        return f"{found.group(1)} {text[: found.start()].strip()}".strip()
    for status in HTTPStatus:
        if text.startswith(status.phrase):
            return f"{status.value} {status.phrase}"
    return text[:STATUS_CHARS] or type(error).__name__


class Gateway(Protocol):
    async def deliver(
        self, kind: str, chat_id: int, payload: dict[str, Any], target_message_id: int | None
    ) -> Outcome: ...


def classify(error: TelegramError) -> Outcome:
    text = error.message
    lowered = text.lower()
    if isinstance(error, RetryAfter):
        with warnings.catch_warnings():  # PTB 22 warns that this becomes a timedelta
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            seconds = error.retry_after
        wait = seconds.total_seconds() if hasattr(seconds, "total_seconds") else float(seconds)
        return Outcome("retry_after", retry_after=wait, reason=text)
    if isinstance(error, Forbidden):
        return Outcome("unreachable", reason=text)
    if isinstance(error, BadRequest):
        if "message is not modified" in lowered:
            return Outcome("sent", reason="not modified")
        if "can't parse entities" in lowered:
            return Outcome("unparsable", reason=text)
        if "too long" in lowered:
            return Outcome("too_long", reason=text)
        if "chat not found" in lowered or "user is deactivated" in lowered:
            return Outcome("unreachable", reason=text)
        return Outcome("failed", reason=text)
    if isinstance(error, TimedOut | NetworkError):
        if type(error.__cause__).__name__ in _ANSWER_LOST:
            return Outcome("lost", reason=f"answer lost: {status_of(error)}")
        return Outcome("transient", reason=status_of(error))
    return Outcome("failed", reason=text)


def over_limit(kind: str, payload: dict[str, Any]) -> bool:
    """Whether Telegram would refuse this as too long: checked before sending, so the text is
    split (or shortened) without a refused request first."""
    if kind == "location":
        return False
    text = str(payload.get("text") or "")
    visible = html_to_plain(text) if payload.get("parse_mode") else text
    limit = CAPTION_LIMIT if kind in ("document", "photo") else TEXT_LIMIT
    return utf16_len(visible) > limit


class TelegramGateway:
    """Sends through python-telegram-bot; buttons are signed here for the chat they go to."""

    def __init__(self, bot: Bot, signer: CallbackSigner, timeout: float) -> None:
        self._bot = bot
        self._signer = signer
        self._timeout = timeout

    def _markup(self, payload: dict[str, Any], chat_id: int) -> InlineKeyboardMarkup | None:
        rows = payload.get("buttons")
        if not rows:
            return None
        keyboard = [
            [
                InlineKeyboardButton(b["label"], url=b["url"])
                if "url" in b
                else InlineKeyboardButton(
                    b["label"], callback_data=self._signer.sign(b["action"], b["arg"], chat_id)
                )
                for b in row
            ]
            for row in rows
        ]
        return InlineKeyboardMarkup(keyboard)

    async def deliver(
        self, kind: str, chat_id: int, payload: dict[str, Any], target_message_id: int | None
    ) -> Outcome:
        try:
            markup = self._markup(payload, chat_id)
        except ValueError as oversized:  # the signer refuses what Telegram would refuse
            return Outcome("invalid", reason=str(oversized))
        if over_limit(kind, payload):
            return Outcome("too_long", reason="over Telegram's length limit, split before sending")
        parse_mode = payload.get("parse_mode")
        wait = self._timeout
        try:
            if kind == "edit":
                assert target_message_id is not None
                await self._bot.edit_message_text(
                    payload["text"],
                    chat_id=chat_id,
                    message_id=target_message_id,
                    parse_mode=parse_mode,
                    reply_markup=markup,
                    read_timeout=wait,
                    write_timeout=wait,
                )
                return Outcome("sent", message_id=target_message_id)
            if kind in ("document", "photo"):
                media = payload[kind]
                file: InputFile | str
                if "file_id" in media:
                    file = media["file_id"]
                elif "path" in media:  # a temporary file (an export), read off the loop
                    try:
                        data = await asyncio.to_thread(Path(media["path"]).read_bytes)
                    except OSError as error:
                        return Outcome("failed", reason=f"file: {type(error).__name__}")
                    file = InputFile(data, filename=media.get("filename"))
                else:
                    data = base64.b64decode(media["content_b64"])
                    file = InputFile(data, filename=media.get("filename"))
                send = self._bot.send_document if kind == "document" else self._bot.send_photo
                message = await send(
                    chat_id,
                    file,
                    caption=payload.get("text") or None,
                    parse_mode=parse_mode,
                    reply_markup=markup,
                    read_timeout=wait,
                    write_timeout=wait,
                )
                return Outcome("sent", message_id=message.message_id)
            if kind == "location":
                spot = payload["location"]
                message = await self._bot.send_location(
                    chat_id,
                    spot["latitude"],
                    spot["longitude"],
                    reply_markup=markup,
                    read_timeout=wait,
                    write_timeout=wait,
                )
                return Outcome("sent", message_id=message.message_id)
            message = await self._bot.send_message(
                chat_id,
                payload["text"],
                parse_mode=parse_mode,
                reply_markup=markup,
                link_preview_options=None,
                read_timeout=wait,
                write_timeout=wait,
            )
            return Outcome("sent", message_id=message.message_id)
        except TelegramError as error:
            return classify(error)

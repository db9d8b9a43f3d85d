"""One person's action: its transaction, its member, their language, and what to send back.

The handlers' gate builds a Turn per update; services and renderers never see Telegram.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import Safe, Translator
from bot.core.local_time import format_moment
from bot.core.rendering import Reply
from bot.delivery.outbox import Priority, enqueue, enqueue_edit, sent_message, shown
from config.settings import Settings
from storage.members import Member
from storage.outbox import OutboxMessage


@dataclass
class Turn:
    session: AsyncSession
    now: datetime
    user_id: int
    chat_id: int
    display_name: str
    lang: str
    member: Member | None
    translator: Translator
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Tirane"))
    bot_username: str = ""
    settings: Settings = field(default_factory=lambda: Settings(_env_file=None))
    toast: str | None = None  # the short answer to a button press
    message_id: int | None = None  # the message this update is about (typed, or pressed on)
    pressed: tuple[str, str] | None = None  # the button pressed: (action, argument)
    sent: list[OutboxMessage] = field(default_factory=list)

    def t(self, key: str, **values: object) -> Safe:
        return self.translator(self.lang, key, **values)

    def tn(self, key: str, count: int, **values: object) -> Safe:
        """A text with a number beside a noun, in the plural form that fits count."""
        return self.translator.plural(self.lang, key, count, **values)

    def local(self, moment: datetime) -> str:
        """A UTC moment as people here read it: in the configured zone, day first."""
        return format_moment(moment, self.zone)

    def reply(self, reply: Reply, ref: tuple[str, int] | None = None) -> OutboxMessage:
        """Answer in the chat the person wrote from."""
        return self.send(
            self.chat_id, reply, member_id=self.member.id if self.member else None, ref=ref
        )

    def send(
        self,
        chat_id: int,
        reply: Reply,
        *,
        member_id: int | None = None,
        priority: Priority = Priority.INTERACTIVE,
        ref: tuple[str, int] | None = None,
    ) -> OutboxMessage:
        row = enqueue(
            self.session,
            chat_id=chat_id,
            reply=reply,
            now=self.now,
            priority=priority,
            member_id=member_id,
            ref=ref,
        )
        self.sent.append(row)
        return row

    def notify(
        self,
        member: Member,
        build: Callable[[str], Reply],
        *,
        priority: Priority = Priority.NOTICE,
        ref: tuple[str, int] | None = None,
    ) -> OutboxMessage:
        """Send to another member in their own language; `build(lang) -> Reply`."""
        return self.send(
            member.telegram_user_id,
            build(member.language),
            member_id=member.id,
            priority=priority,
            ref=ref,
        )

    async def close_pressed(self, outcome: str | None = None) -> None:
        """A question is answered: the message whose button was pressed keeps its text, adds
        the outcome and loses its buttons, so a used button cannot be pressed again."""
        if self.message_id is None:
            return
        row = await sent_message(self.session, self.chat_id, self.message_id, self.pressed)
        if row is None or row.kind != "text":
            return
        text = str((await shown(self.session, row)).get("text") or "")
        if outcome:
            text = f"{text}\n\n{outcome}"
        await enqueue_edit(self.session, target=row, reply=Reply(Safe(text)), now=self.now)

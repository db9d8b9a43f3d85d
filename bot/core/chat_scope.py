"""Where Ura answers: private by default; a group chat only when a handler says so.

The rules the gate applies before any handler runs; nothing here knows Telegram.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from storage.exchange import ExchangeGroupSettings
from storage.gate import PrivateHint
from storage.members import Member


class Chats(StrEnum):
    """Where a handler may answer; what it declares next to its Access."""

    PRIVATE = "private"  # the default: one person and Ura
    LINKED = "linked"  # also a group chat linked to an Ura group (/help, /unlink)
    ANY = "any"  # also a group chat not linked yet (only /link)


class Scope(StrEnum):
    """What the gate does with an update, given where it came from."""

    ANSWER = "answer"
    HINT = "hint"  # a private command in a group: nothing there, a hint in private (once)
    SILENT = "silent"


def decide(chats: Chats, private: bool, linked: bool) -> Scope:
    if private or chats is Chats.ANY or (linked and chats is Chats.LINKED):
        return Scope.ANSWER
    return Scope.HINT if linked or chats is Chats.PRIVATE else Scope.SILENT


async def is_linked(session: AsyncSession, chat_id: int) -> bool:
    found = await session.scalar(
        select(ExchangeGroupSettings.group_id).where(
            ExchangeGroupSettings.linked_chat_id == chat_id
        )
    )
    return found is not None


async def first_hint(session: AsyncSession, member: Member, now: datetime) -> bool:
    """True only the first time: the member is told once, and that is remembered."""
    if await session.get(PrivateHint, member.telegram_user_id) is not None:
        return False
    session.add(PrivateHint(telegram_user_id=member.telegram_user_id, told_at=now))
    return True


def refuse_bot_added(
    session: AsyncSession, now: datetime, chat_id: int, by_telegram_id: int | None
) -> None:
    """Ura was added to a group by someone who is not a coordinator: it leaves (audited)."""
    audit.record(
        session,
        now,
        "group.left_uninvited",
        actor_telegram_id=by_telegram_id,
        chat_id=chat_id,
    )

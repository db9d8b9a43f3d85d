"""One transaction per update: the Turn a handler works in, and how it is committed.

Most updates write in one transaction (SQLite: BEGIN IMMEDIATE). A handler declared read-only
reads in a transaction that takes no write lock; what it has to send or audit is then written
in a short transaction of its own, with whatever the update told about the member (reachable
again, a new name). Either way each chat's queue is capped before the commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackContext, ExtBot

from bot.context import BotData, Services
from bot.core.turn import Turn
from bot.delivery.outbox import cap_chat_queues
from bot.members import directory
from storage.db import reading
from storage.members import Member

UraContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]


def _language(services: Services, telegram_language: str | None) -> str:
    code = (telegram_language or "").split("-")[0].lower()
    return services.translator.language(code or None)


async def _turn(update: Update, services: Services, session: AsyncSession, seen: bool) -> Turn:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None
    assert chat is not None
    now = services.clock.now()
    member = await directory.by_telegram_id(session, user.id)
    if seen and member is not None and chat.type == "private":
        directory.mark_seen(member, now, user.full_name, _language(services, user.language_code))
    return Turn(
        session=session,
        now=now,
        user_id=user.id,
        chat_id=chat.id,
        display_name=user.full_name,
        lang=_turn_language(services, member, user.language_code, chat.type),
        member=member,
        translator=services.translator,
        zone=services.settings.zone,
        settings=services.settings,
        bot_username=services.bot_username,
        message_id=update.effective_message.message_id if update.effective_message else None,
    )


def _turn_language(
    services: Services, member: Member | None, telegram_language: str | None, chat_type: str
) -> str:
    """The member's language; a stranger's, or a member heard from for the first time (a
    coordinator from the settings), is their app's if Ura speaks it (what mark_seen keeps)."""
    if member is None or (chat_type == "private" and directory.never_seen(member)):
        return _language(services, telegram_language)
    return member.language


def _news(turn: Turn, update: Update) -> bool:
    """Whether this update tells something new about the member: reachable again, or heard
    from for the first time (a coordinator from the settings: their name and language)."""
    member, chat = turn.member, update.effective_chat
    if member is None or chat is None or chat.type != "private":
        return False
    return not member.reachable or directory.never_seen(member)


@contextlib.asynccontextmanager
async def unit_of_work(
    update: Update, context: UraContext, *, read_only: bool = False
) -> AsyncIterator[Turn]:
    """One transaction for the update. A read-only one reads in a transaction that takes no
    write lock; what it has to send (and audit) is then written in a short one of its own."""
    services = context.bot_data.services
    cap = services.settings.chat_queue_cap
    if read_only:
        async with reading(services.sessions) as session:
            turn = await _turn(update, services, session, seen=False)
            seen = turn.member.id if turn.member and _news(turn, update) else None
            yield turn
            if any(session.is_modified(row) for row in session.dirty) or session.deleted:
                raise RuntimeError("a read-only handler changed stored data")
            written = list(session.new)
            session.expunge_all()
        if written or seen:
            async with services.sessions.begin() as session:
                session.add_all(written)
                if seen and (member := await session.get(Member, seen)) is not None:
                    user = update.effective_user
                    language = _language(services, user.language_code if user else None)
                    directory.mark_seen(member, turn.now, turn.display_name, language)
                await cap_chat_queues(session, turn.sent, cap)
    else:
        async with services.sessions.begin() as session:
            turn = await _turn(update, services, session, seen=True)
            yield turn
            await cap_chat_queues(session, turn.sent, cap)
    services.wake_delivery()

"""Ura in group chats: it stays only where a coordinator put it.

Telegram tells the bot when it is added to a group (a ``my_chat_member`` update). Added by
anyone but an active coordinator, Ura leaves at once (audited), so nobody can pull it into
a chat where Ura's messages would be read by people nobody vetted.
"""

from __future__ import annotations

import contextlib

from telegram import ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import Application, ChatMemberHandler

from bot.core import audit, chat_scope
from bot.core.permissions import Access, may
from handlers.gate import UraContext, unit_of_work

_IN = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)


async def on_added(update: Update, context: UraContext) -> None:
    change = update.my_chat_member
    if change is None or change.chat.type == "private" or update.effective_user is None:
        return
    if change.new_chat_member.status not in _IN or change.old_chat_member.status in _IN:
        return  # not an arrival (a removal, or a change of rights)
    async with unit_of_work(update, context) as turn:
        stays = may(turn.member, Access.COORDINATOR)
        if stays:
            audit.record(
                turn.session,
                turn.now,
                "group.added",
                actor_telegram_id=turn.user_id,
                chat_id=change.chat.id,
            )
        else:
            chat_scope.refuse_bot_added(turn.session, turn.now, change.chat.id, turn.user_id)
    if not stays:
        with contextlib.suppress(TelegramError):
            await context.bot.leave_chat(change.chat.id)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(ChatMemberHandler(on_added, ChatMemberHandler.MY_CHAT_MEMBER))

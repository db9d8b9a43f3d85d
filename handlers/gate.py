"""Authorization and the unit of work, in one place.

Every handler declares who may use it (``@guarded(Access.X)`` or ``@button(Access.X)``); the
gate opens one transaction per update, loads the member, refuses the unentitled (and audits
it), verifies button signatures, answers every button press, and wakes the delivery engine.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CallbackContext, ExtBot

from bot.callbacks import Press
from bot.context import BotData, Services
from bot.rendering import Reply
from bot.services import audit, members
from bot.services.permissions import Access, may
from bot.turn import Turn

log = logging.getLogger(__name__)

UraContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
Handler = Callable[[Update, UraContext], Coroutine[Any, Any, None]]
Body = Callable[[Update, UraContext, Turn], Awaitable[None]]
ButtonBody = Callable[[Update, UraContext, Turn, Press], Awaitable[None]]


def _language(services: Services, telegram_language: str | None) -> str:
    code = (telegram_language or "").split("-")[0].lower()
    return services.translator.language(code or None)


@contextlib.asynccontextmanager
async def unit_of_work(update: Update, context: UraContext) -> AsyncIterator[Turn]:
    services = context.bot_data.services
    user, chat = update.effective_user, update.effective_chat
    assert user is not None
    assert chat is not None
    now = services.clock.now()
    async with services.sessions.begin() as session:
        member = await members.by_telegram_id(session, user.id)
        if member is not None and chat.type == "private":
            members.mark_seen(member, now, user.full_name, _language(services, user.language_code))
        turn = Turn(
            session=session,
            now=now,
            user_id=user.id,
            chat_id=chat.id,
            display_name=user.full_name,
            lang=member.language if member else _language(services, user.language_code),
            member=member,
            translator=services.translator,
            zone=services.settings.zone,
            settings=services.settings,
            bot_username=services.bot_username,
            message_id=update.effective_message.message_id if update.effective_message else None,
        )
        yield turn
    services.wake_delivery()


def _refusal_key(turn: Turn) -> str:
    if turn.member is None:
        return "common.not_member"
    if turn.member.status != "active":
        return "common.suspended"
    return "common.not_allowed"


async def _report_failure(update: Update, context: UraContext) -> None:
    """The action was rolled back; say so in a transaction of its own."""
    log.exception("handler failed for update %s", update.update_id)
    with contextlib.suppress(Exception):
        async with unit_of_work(update, context) as turn:
            turn.reply(Reply(turn.t("common.error")))


def guarded(access: Access) -> Callable[[Body], Handler]:
    def decorate(body: Body) -> Handler:
        @functools.wraps(body)
        async def handler(update: Update, context: UraContext) -> None:
            if update.effective_user is None or update.effective_chat is None:
                return
            try:
                async with unit_of_work(update, context) as turn:
                    if not may(turn.member, access):
                        audit.record(
                            turn.session,
                            turn.now,
                            "access.refused",
                            actor_telegram_id=turn.user_id,
                            handler=body.__name__,
                        )
                        turn.reply(Reply(turn.t(_refusal_key(turn))))
                        return
                    await body(update, context, turn)
            except Exception:
                await _report_failure(update, context)

        return handler

    return decorate


def button(access: Access) -> Callable[[ButtonBody], Handler]:
    """For button presses: the payload must be signed for this chat and the presser entitled."""

    def decorate(body: ButtonBody) -> Handler:
        @functools.wraps(body)
        async def handler(update: Update, context: UraContext) -> None:
            query = update.callback_query
            if query is None or update.effective_user is None or query.message is None:
                return
            services = context.bot_data.services
            toast: str | None = None
            try:
                async with unit_of_work(update, context) as turn:
                    press = services.signer.verify(query.data, query.message.chat.id)
                    if press is None or not may(turn.member, access):
                        audit.record(
                            turn.session,
                            turn.now,
                            "button.refused",
                            actor_telegram_id=turn.user_id,
                            data=(query.data or "")[:64],
                            forged=press is None,
                        )
                        toast = turn.t(
                            "common.button_refused" if press is None else _refusal_key(turn)
                        )
                    else:
                        await body(update, context, turn, press)
                        toast = turn.toast
            except Exception:
                await _report_failure(update, context)
            with contextlib.suppress(TelegramError):
                await query.answer(toast)

        return handler

    return decorate

"""Authorization, where Ura answers, each person's pace and the unit of work, in one place.

Every handler declares who may use it (``@guarded(Access.X)`` or ``@button(Access.X)``), and
where if not only in a private chat (``chats=Chats.LINKED``); a command that only reads says
so (``read_only=True``) and reads without SQLite's write lock. The gate limits each person's
pace, opens one transaction per update, loads the member, refuses the unentitled (and
audits it), verifies button signatures, answers every button press once the change is
committed, and wakes the delivery engine.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CallbackContext, ExtBot

from bot.callbacks import Press
from bot.context import BotData, Services
from bot.delivery.outbox import cap_chat_queues
from bot.rendering import Reply
from bot.services import audit, chat_scope, members
from bot.services.chat_scope import Chats, Scope
from bot.services.permissions import Access, InactiveActor, may
from bot.services.rate_limit import RateLimiter, Verdict
from bot.turn import Turn
from storage.db import reading
from storage.members import Member

log = logging.getLogger(__name__)

UraContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
Handler = Callable[[Update, UraContext], Coroutine[Any, Any, None]]
Body = Callable[[Update, UraContext, Turn], Awaitable[None]]
ButtonBody = Callable[[Update, UraContext, Turn, Press], Awaitable[None]]

__all__ = ["Chats", "UraContext", "button", "guarded", "unit_of_work"]


def _language(services: Services, telegram_language: str | None) -> str:
    code = (telegram_language or "").split("-")[0].lower()
    return services.translator.language(code or None)


async def _turn(update: Update, services: Services, session: AsyncSession, seen: bool) -> Turn:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None
    assert chat is not None
    now = services.clock.now()
    member = await members.by_telegram_id(session, user.id)
    if seen and member is not None and chat.type == "private":
        members.mark_seen(member, now, user.full_name)
    return Turn(
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


def _news(turn: Turn, update: Update) -> bool:
    """Whether this update tells something new about the member (reachable again, renamed)."""
    member, chat = turn.member, update.effective_chat
    if member is None or chat is None or chat.type != "private":
        return False
    return not member.reachable or member.display_name != turn.display_name


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
                    members.mark_seen(member, turn.now, turn.display_name)
                await cap_chat_queues(session, turn.sent, cap)
    else:
        async with services.sessions.begin() as session:
            turn = await _turn(update, services, session, seen=True)
            yield turn
            await cap_chat_queues(session, turn.sent, cap)
    services.wake_delivery()


def _refusal_key(turn: Turn) -> str:
    if turn.member is None:
        return "common.not_member"
    if turn.member.status != "active":
        return "common.suspended"
    return "common.not_allowed"


def refuse(turn: Turn, what: str, **details: Any) -> str:
    """Audit a refusal and say why (in a private chat only: a group hears nothing)."""
    audit.record(turn.session, turn.now, what, actor_telegram_id=turn.user_id, **details)
    if turn.chat_id > 0:
        turn.reply(Reply(turn.t(_refusal_key(turn))))
    return _refusal_key(turn)


def _pace(update: Update, context: UraContext) -> Verdict:
    """Count the update against its sender's limit (once, whichever handlers it reaches)."""
    data, settings = context.bot_data, context.bot_data.services.settings
    if data.limiter is None:
        data.limiter = RateLimiter(settings.rate_limit_per_minute)
    assert update.effective_user is not None
    now = data.services.clock.now()
    return data.limiter.check(update.effective_user.id, now, update.update_id)


async def _slow_down(update: Update, context: UraContext) -> None:
    """The first update over the limit: one polite message, in the private chat only."""
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return
    async with unit_of_work(update, context) as turn:
        turn.reply(Reply(turn.t("gate.too_many")))


async def _where(update: Update, turn: Turn, chats: Chats) -> Scope:
    chat = update.effective_chat
    assert chat is not None
    private = chat.type == "private"
    linked = not private and await chat_scope.is_linked(turn.session, chat.id)
    scope = chat_scope.decide(chats, private, linked)
    member, t = turn.member, turn.translator
    if (
        scope is Scope.HINT
        and member is not None
        and member.status == "active"
        and await chat_scope.first_hint(turn.session, member, turn.now)
    ):
        turn.notify(member, lambda lang: Reply(t(lang, "gate.private_only")))
    return scope


async def _report_failure(update: Update, context: UraContext, key: str = "common.error") -> None:
    """The action was rolled back; say so (privately) in a transaction of its own."""
    if key == "common.error":
        log.exception("handler failed for update %s", update.update_id)
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    with contextlib.suppress(Exception):
        async with unit_of_work(update, context) as turn:
            turn.reply(Reply(turn.t(_refusal_key(turn) if key == "refusal" else key)))


def guarded(
    access: Access, *, chats: Chats = Chats.PRIVATE, read_only: bool = False
) -> Callable[[Body], Handler]:
    def decorate(body: Body) -> Handler:
        @functools.wraps(body)
        async def handler(update: Update, context: UraContext) -> None:
            if update.effective_user is None or update.effective_chat is None:
                return
            verdict = _pace(update, context)
            if verdict is not Verdict.ALLOW:
                if verdict is Verdict.WARN:
                    await _slow_down(update, context)
                return
            try:
                async with unit_of_work(update, context, read_only=read_only) as turn:
                    if await _where(update, turn, chats) is not Scope.ANSWER:
                        return
                    if not may(turn.member, access):
                        refuse(turn, "access.refused", handler=body.__name__)
                        return
                    await body(update, context, turn)
            except InactiveActor:
                await _report_failure(update, context, "refusal")
            except Exception:
                await _report_failure(update, context)

        return handler

    return decorate


def button(access: Access, *, chats: Chats = Chats.PRIVATE) -> Callable[[ButtonBody], Handler]:
    """For button presses: the payload must be signed for this chat and the presser entitled.

    The toast is chosen after the commit: a press whose change was rolled back never says done.
    """

    def decorate(body: ButtonBody) -> Handler:
        @functools.wraps(body)
        async def handler(update: Update, context: UraContext) -> None:
            query = update.callback_query
            if query is None or update.effective_user is None or query.message is None:
                return
            services = context.bot_data.services
            verdict = _pace(update, context)
            toast: str | None = None
            if verdict is Verdict.WARN:
                async with unit_of_work(update, context, read_only=True) as turn:
                    toast = turn.t("gate.too_many")
            try:
                if verdict is Verdict.ALLOW:
                    toast = await _press(update, context, services, query.data, body, chats, access)
            except InactiveActor:
                await _report_failure(update, context, "refusal")
            except Exception:
                await _report_failure(update, context)
            with contextlib.suppress(TelegramError):
                await query.answer(toast)

        return handler

    return decorate


async def _press(
    update: Update,
    context: UraContext,
    services: Services,
    data: str | None,
    body: ButtonBody,
    chats: Chats,
    access: Access,
) -> str | None:
    """Run a press in its unit of work; returns the toast, known only once committed."""
    assert update.effective_chat is not None
    async with unit_of_work(update, context) as turn:
        if await _where(update, turn, chats) is not Scope.ANSWER:
            return turn.t("gate.private_only_toast") if turn.member is not None else None
        press = services.signer.verify(data, update.effective_chat.id)
        if press is None:
            audit.record(
                turn.session,
                turn.now,
                "button.refused",
                actor_telegram_id=turn.user_id,
                data=(data or "")[:64],
                forged=True,
            )
            return turn.t("common.button_refused")
        if not may(turn.member, access):
            audit.record(
                turn.session,
                turn.now,
                "button.refused",
                actor_telegram_id=turn.user_id,
                data=(data or "")[:64],
                forged=False,
            )
            return turn.t(_refusal_key(turn))
        await body(update, context, turn, press)
    return turn.toast  # reached only when the change above was committed

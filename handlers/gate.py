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
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.context import Services
from bot.core import audit, chat_scope
from bot.core.callbacks import Payload, Press
from bot.core.chat_scope import Chats, Scope
from bot.core.permissions import Access, InactiveActor, may
from bot.core.rate_limit import RateLimiter, Verdict
from bot.core.rendering import Reply
from bot.core.turn import Turn
from handlers.unit_of_work import UraContext, unit_of_work

log = logging.getLogger(__name__)

Handler = Callable[[Update, UraContext], Coroutine[Any, Any, None]]
Body = Callable[[Update, UraContext, Turn], Awaitable[None]]
ButtonBody = Callable[[Update, UraContext, Turn, Press], Awaitable[None]]
P = TypeVar("P", bound=Payload)
PressBody = Callable[[Update, UraContext, Turn, P], Awaitable[None]]

__all__ = ["Chats", "UraContext", "button", "guarded", "pressed", "unit_of_work"]


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


async def pace_press(update: Update, context: UraContext) -> tuple[bool, str | None]:
    """Count a button press against its sender's limit, as every update is: whether it may go
    on, and the toast for the first press over the limit (the polite slow-down)."""
    verdict = _pace(update, context)
    if verdict is Verdict.WARN:
        async with unit_of_work(update, context, read_only=True) as turn:
            return False, turn.t("gate.too_many")
    return verdict is Verdict.ALLOW, None


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
            allowed, toast = await pace_press(update, context)
            try:
                if allowed:
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
        press = services.signer.verify(data, update.effective_chat.id, turn.now)
        if press is None or not may(turn.member, access):
            forged = press is None
            audit.record(
                turn.session,
                turn.now,
                "button.refused",
                actor_telegram_id=turn.user_id,
                data=(data or "")[:64],
                forged=forged,
            )
            return turn.t("common.button_refused" if forged else _refusal_key(turn))
        turn.pressed = (press.action, press.arg)
        await body(update, context, turn, press)
    return turn.toast  # reached only when the change above was committed


@dataclass(frozen=True)
class PressHandler(Generic[P]):
    """A gated handler of one typed payload; `register` adds it for that payload's presses."""

    kind: type[P]
    callback: Handler

    async def __call__(self, update: Update, context: UraContext) -> None:
        await self.callback(update, context)

    def register(self, app: Application) -> None:  # type: ignore[type-arg]
        app.add_handler(CallbackQueryHandler(self.callback, pattern=self.kind.pattern()))


def pressed(
    kind: type[P], access: Access, *, chats: Chats = Chats.PRIVATE
) -> Callable[[PressBody[P]], PressHandler[P]]:
    """As `button`, for a typed payload: the body gets the parsed payload, never a string.

    A payload that is signed but does not parse (a button from a build that spelled it
    otherwise) is refused like a forged one: nothing changes, the person is told."""

    def decorate(body: PressBody[P]) -> PressHandler[P]:
        async def parsed(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
            value = kind.parse(press.arg)
            if value is None:
                turn.toast = turn.t("common.button_refused")
                return
            await body(update, context, turn, value)

        functools.update_wrapper(parsed, body)
        return PressHandler(kind, button(access, chats=chats)(parsed))

    return decorate

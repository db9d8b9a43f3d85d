"""/help, /privacy, /language, /cancel and the answer to anything Ura does not understand."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core import audit, flows
from bot.core.callbacks import Press
from bot.core.help import MORE_ACTION, help_more, help_text
from bot.core.i18n import LANGUAGES
from bot.core.permissions import Access
from bot.core.rendering import Button, Reply
from bot.core.text import quote
from bot.core.turn import Turn
from bot.meetings import chairs
from bot.members.model import LANGUAGE_NAMES, SetLanguage
from bot.onboarding.privacy import privacy_reply
from handlers.gate import Chats, UraContext, button, guarded, pace_press, pressed, unit_of_work

log = logging.getLogger(__name__)


@guarded(Access.ANYONE, chats=Chats.LINKED, read_only=True)
async def show_help(update: Update, context: UraContext, turn: Turn) -> None:
    member = turn.member
    chair = member is not None and await chairs.chairs_any(turn.session, member)
    turn.reply(help_text(turn.translator, turn.lang, member, chair=chair))


@button(Access.ANYONE, chats=Chats.LINKED)  # /help answers in linked groups too
async def show_more_help(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    turn.reply(help_more(turn.translator, turn.lang, turn.member))


@guarded(Access.ANYONE)
async def show_privacy(update: Update, context: UraContext, turn: Turn) -> None:
    turn.reply(privacy_reply(turn.translator, turn.lang, turn.settings))


@guarded(Access.ANYONE, read_only=True)
async def choose_language(update: Update, context: UraContext, turn: Turn) -> None:
    buttons = tuple(
        Button.press(turn.t(LANGUAGE_NAMES[code]), SetLanguage(code)) for code in LANGUAGES
    )
    turn.reply(Reply(turn.t("language.prompt"), (buttons,)))


@pressed(SetLanguage, Access.MEMBER)
async def set_language(update: Update, context: UraContext, turn: Turn, press: SetLanguage) -> None:
    assert turn.member is not None
    if press.language not in LANGUAGES:
        turn.toast = turn.t("common.button_stale")
        return
    turn.member.language = turn.lang = press.language
    audit.record(
        turn.session,
        turn.now,
        "member.language",
        actor_member_id=turn.member.id,
        language=press.language,
    )
    turn.reply(Reply(turn.t("language.set")))


@guarded(Access.ANYONE)
async def cancel(update: Update, context: UraContext, turn: Turn) -> None:
    had_one = await flows.clear(turn.session, turn.user_id)
    turn.reply(Reply(turn.t("common.cancelled" if had_one else "common.nothing_to_cancel")))


@guarded(Access.ANYONE)
async def unknown_command(update: Update, context: UraContext, turn: Turn) -> None:
    turn.reply(Reply(turn.t("common.unknown_command")))


async def unclaimed_press(update: Update, context: UraContext) -> None:
    """A press no handler claimed (forged, of an unknown kind, from an older Ura): answered
    quietly so the person's spinner stops, and audited, since Ura never sends such buttons.
    Paced like every press: a flood of forged ones writes no more than the limit's audit rows."""
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    allowed, toast = await pace_press(update, context)
    try:
        if allowed:
            async with unit_of_work(update, context) as turn:
                audit.record(
                    turn.session,
                    turn.now,
                    "button.unclaimed",
                    actor_telegram_id=turn.user_id,
                    data=quote(query.data or "", 64),
                )
    except Exception:  # the answer below matters more than the record
        log.exception("could not audit an unclaimed button press")
    with contextlib.suppress(TelegramError):
        await query.answer(toast)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("help", show_help))
    app.add_handler(CallbackQueryHandler(show_more_help, pattern=rf"^{MORE_ACTION}:"))
    app.add_handler(CommandHandler("privacy", show_privacy))
    app.add_handler(CommandHandler("language", choose_language))
    set_language.register(app)
    app.add_handler(CommandHandler("cancel", cancel))


def register_fallback(app: Application) -> None:  # type: ignore[type-arg]
    """Last in group 0, so it answers only commands no other handler took."""
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(filters.COMMAND & private, unknown_command))


def register_unclaimed_presses(app: Application) -> None:  # type: ignore[type-arg]
    """The very last handler of group 0: any callback query nobody else claimed."""
    app.add_handler(CallbackQueryHandler(unclaimed_press))

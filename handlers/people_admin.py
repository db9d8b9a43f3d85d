"""Coordinators: /name N Name gives a member the name others see (audited); Telegram's
changing display name is never used for it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.i18n import escape
from bot.rendering import Reply
from bot.services import members
from bot.services.permissions import Access
from bot.turn import Turn
from handlers.gate import UraContext, guarded


@guarded(Access.COORDINATOR)
async def rename(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    args = context.args or []
    number, name = (args[0].lstrip("#") if args else ""), " ".join(args[1:])
    if not number.isdigit() or not name.strip():
        turn.reply(Reply(turn.t("audience.name.usage")))
        return
    target = await members.by_id(turn.session, int(number))
    if target is None:
        turn.reply(Reply(turn.t("members.not_found", id=escape(number))))
        return
    before = target.display_name
    if await members.rename(turn.session, turn.now, turn.member, target, name):
        turn.reply(Reply(turn.t("audience.name.done", old=before, name=target.display_name)))
    else:
        turn.reply(Reply(turn.t("audience.name.unchanged", name=target.display_name)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("name", rename))

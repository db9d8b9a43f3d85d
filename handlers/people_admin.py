"""Coordinators: /name N Name gives a member the name others see (audited; Telegram's
changing display name is never used for it); /role N role changes a member's role (audited,
never demoting oneself or the last coordinator)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.i18n import escape
from bot.rendering import Reply
from bot.services import members, roles
from bot.services.permissions import Access, Role
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


@guarded(Access.COORDINATOR)
async def change_role(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    args = context.args or []
    number = args[0].lstrip("#") if args else ""
    wanted = args[1].lower() if len(args) == 2 else ""
    if not number.isdigit() or wanted not in set(Role):
        turn.reply(Reply(turn.t("audience.role.usage")))
        return
    target = await members.by_id(turn.session, int(number))
    if target is None:
        turn.reply(Reply(turn.t("members.not_found", id=escape(number))))
        return
    outcome = await roles.change_role(turn.session, turn.now, turn.member, target, Role(wanted))
    role = turn.t(f"role.{wanted}")
    turn.reply(Reply(turn.t(f"audience.role.{outcome}", name=target.display_name, role=role)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("name", rename))
    app.add_handler(CommandHandler("role", change_role))

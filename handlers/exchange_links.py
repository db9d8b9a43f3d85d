"""Coordinators link a committee's Telegram group chat (/link, /unlink in that chat) and say
whether replies go to the whole group (/replies); a chat that removed Ura is unlinked."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import Press
from bot.delivery import copies, enqueue_edit
from bot.rendering import Button, Reply
from bot.services import exchange_links, members, parse
from bot.services.permissions import Access
from bot.turn import Turn
from handlers.gate import Chats, UraContext, button, guarded
from storage.members import Group


@guarded(Access.COORDINATOR, chats=Chats.ANY)  # the one command of a chat not linked yet
async def link(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    if turn.chat_id > 0:
        turn.reply(Reply(turn.t("exchange.link.in_group")))
        return
    group = await members.find_group(turn.session, " ".join(context.args or []))
    if group is None:
        names = ", ".join(g.name for g in await members.all_groups(turn.session))
        turn.reply(Reply(turn.t("exchange.link.which", groups=names)))
        return
    await exchange_links.link(turn.session, turn.now, group, turn.chat_id, turn.member)
    turn.reply(Reply(turn.t("exchange.link.done", group=group.name)))


@guarded(Access.COORDINATOR, chats=Chats.LINKED)
async def unlink(update: Update, context: UraContext, turn: Turn) -> None:
    group_id = await exchange_links.unlink(
        turn.session, turn.now, turn.chat_id, turn.member, "/unlink"
    )
    group = await turn.session.get(Group, group_id) if group_id else None
    key = "exchange.unlink.done" if group else "exchange.unlink.not_linked"
    turn.reply(Reply(turn.t(key, group=group.name if group else "")))


def _replies_card(turn: Turn, group: Group, to_group: bool) -> Reply:
    state = turn.t("exchange.replies.group" if to_group else "exchange.replies.author")
    buttons = (
        Button(turn.t("exchange.replies.author_button"), "exr", f"{group.id}.0"),
        Button(turn.t("exchange.replies.group_button"), "exr", f"{group.id}.1"),
    )
    return Reply(turn.t("exchange.replies.now", group=group.name, state=state), (buttons,))


@guarded(Access.COORDINATOR)
async def replies(update: Update, context: UraContext, turn: Turn) -> None:
    group = await members.find_group(turn.session, " ".join(context.args or []))
    if group is None:
        names = ", ".join(g.name for g in await members.all_groups(turn.session))
        turn.reply(Reply(turn.t("exchange.replies.which", groups=names)))
        return
    setting = await exchange_links.settings_for(turn.session, group.id, turn.now)
    turn.reply(
        _replies_card(turn, group, setting.replies_to_group), ref=("exchange_replies", group.id)
    )


@button(Access.COORDINATOR)
async def set_replies(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    group_id, _, value = press.arg.partition(".")
    group = await turn.session.get(Group, parse.record_id(group_id) or 0)
    if group is None or value not in ("0", "1"):
        turn.toast = turn.t("common.button_stale")
        return
    await exchange_links.set_replies(turn.session, turn.now, group, value == "1", turn.member)
    for row in await copies(turn.session, ("exchange_replies", group.id)):
        await enqueue_edit(
            turn.session, target=row, reply=_replies_card(turn, group, value == "1"), now=turn.now
        )
    turn.toast = turn.t("common.done")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("link", link))
    app.add_handler(CommandHandler("unlink", unlink))
    app.add_handler(CommandHandler("replies", replies, filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(set_replies, pattern=r"^exr:"))

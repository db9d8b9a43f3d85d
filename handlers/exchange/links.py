"""Coordinators link a committee's Telegram group chat (/link, /unlink in that chat) and say
whether replies go to the whole group (/replies); a chat that removed Ura is unlinked."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.core import parse
from bot.core.callbacks import Press
from bot.core.permissions import Access
from bot.core.rendering import Button, Reply, rows
from bot.core.turn import Turn
from bot.delivery import copies, enqueue_edit
from bot.exchange import links
from bot.members import directory
from handlers.gate import Chats, UraContext, button, guarded
from storage.members import Group

LINK, REPLIES = "exl", "exq"  # arg: group id


@guarded(Access.COORDINATOR, chats=Chats.ANY)  # the one command of a chat not linked yet
async def link(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    if turn.chat_id > 0:
        turn.reply(Reply(turn.t("exchange.link.in_group")))
        return
    group = await directory.find_group(turn.session, " ".join(context.args or []))
    if group is None:
        turn.reply(await _picker(turn, "exchange.link.which", LINK))
        return
    await _link(turn, group)


async def _link(turn: Turn, group: Group) -> None:
    assert turn.member is not None
    await links.link(turn.session, turn.now, group, turn.chat_id, turn.member)
    turn.reply(Reply(turn.t("exchange.link.done", group=group.name)))


async def _picker(turn: Turn, key: str, action: str) -> Reply:
    """The groups as buttons, so nobody has to type a name exactly."""
    found = await directory.all_groups(turn.session)
    return Reply(turn.t(key), rows([Button(g.name, action, str(g.id)) for g in found], 2))


async def _pressed_group(turn: Turn, press: Press) -> Group | None:
    group = await turn.session.get(Group, int(press.arg)) if press.arg.isdigit() else None
    if group is None:
        turn.toast = turn.t("common.button_stale")
    return group


@button(Access.COORDINATOR, chats=Chats.ANY)  # pressed in the chat being linked
async def link_pressed(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if turn.chat_id > 0:
        turn.reply(Reply(turn.t("exchange.link.in_group")))
    elif (group := await _pressed_group(turn, press)) is not None:
        await _link(turn, group)


@guarded(Access.COORDINATOR, chats=Chats.LINKED)
async def unlink(update: Update, context: UraContext, turn: Turn) -> None:
    group_id = await links.unlink(turn.session, turn.now, turn.chat_id, turn.member, "/unlink")
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
    group = await directory.find_group(turn.session, " ".join(context.args or []))
    if group is None:
        turn.reply(await _picker(turn, "exchange.replies.which", REPLIES))
        return
    await _show_replies(turn, group)


@button(Access.COORDINATOR)
async def replies_pressed(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    if (group := await _pressed_group(turn, press)) is not None:
        await _show_replies(turn, group)


async def _show_replies(turn: Turn, group: Group) -> None:
    setting = await links.settings_for(turn.session, group.id, turn.now)
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
    await links.set_replies(turn.session, turn.now, group, value == "1", turn.member)
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
    app.add_handler(CallbackQueryHandler(link_pressed, pattern=rf"^{LINK}:"))
    app.add_handler(CallbackQueryHandler(replies_pressed, pattern=rf"^{REPLIES}:"))

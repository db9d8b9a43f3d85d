"""Coordinators link a committee's Telegram group chat (/link, /unlink in that chat) and say
whether replies go to the whole group (/replies); a chat that removed Ura is unlinked."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.exchange import links, notify
from bot.exchange.model import REPLIES_REF, LinkGroup, RepliesGroup, SetReplies
from bot.exchange.render.links import group_buttons, replies_card
from bot.members import directory
from handlers.gate import Chats, UraContext, guarded, pressed
from storage.members import Group


@guarded(Access.COORDINATOR, chats=Chats.ANY)  # the one command of a chat not linked yet
async def link(update: Update, context: UraContext, turn: Turn) -> None:
    if turn.chat_id > 0:
        turn.reply(Reply(turn.t("exchange.link.in_group")))
        return
    group = await directory.find_group(turn.session, " ".join(context.args or []))
    if group is None:
        groups = await directory.all_groups(turn.session)
        t, lang = turn.translator, turn.lang
        turn.reply(group_buttons(t, lang, "exchange.link.which", groups, LinkGroup))
        return
    await _link(turn, group)


async def _link(turn: Turn, group: Group) -> None:
    assert turn.member is not None
    await links.link(turn.session, turn.now, group, turn.chat_id, turn.member)
    turn.reply(Reply(turn.t("exchange.link.done", group=group.name)))


async def _pressed_group(turn: Turn, group_id: int) -> Group | None:
    group = await links.group(turn.session, group_id)
    if group is None:
        turn.toast = turn.t("common.button_stale")
    return group


@pressed(LinkGroup, Access.COORDINATOR, chats=Chats.ANY)  # pressed in the chat being linked
async def link_pressed(update: Update, context: UraContext, turn: Turn, press: LinkGroup) -> None:
    if turn.chat_id > 0:
        turn.reply(Reply(turn.t("exchange.link.in_group")))
    elif (group := await _pressed_group(turn, press.group)) is not None:
        await _link(turn, group)


@guarded(Access.COORDINATOR, chats=Chats.LINKED)
async def unlink(update: Update, context: UraContext, turn: Turn) -> None:
    group_id = await links.unlink(turn.session, turn.now, turn.chat_id, turn.member, "/unlink")
    group = await links.group(turn.session, group_id or 0)
    key = "exchange.unlink.done" if group else "exchange.unlink.not_linked"
    turn.reply(Reply(turn.t(key, group=group.name if group else "")))


@guarded(Access.COORDINATOR)
async def replies(update: Update, context: UraContext, turn: Turn) -> None:
    group = await directory.find_group(turn.session, " ".join(context.args or []))
    if group is None:
        groups = await directory.all_groups(turn.session)
        t, lang = turn.translator, turn.lang
        turn.reply(group_buttons(t, lang, "exchange.replies.which", groups, RepliesGroup))
        return
    await _show_replies(turn, group)


@pressed(RepliesGroup, Access.COORDINATOR)
async def replies_pressed(
    update: Update, context: UraContext, turn: Turn, press: RepliesGroup
) -> None:
    if (group := await _pressed_group(turn, press.group)) is not None:
        await _show_replies(turn, group)


async def _show_replies(turn: Turn, group: Group) -> None:
    to = await links.replies_to(turn.session, group.id, turn.now)
    card = replies_card(turn.translator, turn.lang, group, to)
    turn.reply(card, ref=(REPLIES_REF, group.id))


@pressed(SetReplies, Access.COORDINATOR)
async def set_replies(update: Update, context: UraContext, turn: Turn, press: SetReplies) -> None:
    assert turn.member is not None
    if (group := await _pressed_group(turn, press.group)) is None:
        return
    await links.set_replies(turn.session, turn.now, group, press.to, turn.member)
    card = replies_card(turn.translator, turn.lang, group, press.to)
    await notify.replies_changed(turn.session, turn.now, group.id, card)
    turn.toast = turn.t("common.done")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("link", link))
    app.add_handler(CommandHandler("unlink", unlink))
    app.add_handler(CommandHandler("replies", replies, filters.ChatType.PRIVATE))
    for handler in (set_replies, link_pressed, replies_pressed):
        handler.register(app)

"""Reply threads: a Telegram reply to one of Ura's messages goes to whatever feature sent it
(``bot_data.replies[ref_type]``); an edit of a relayed message becomes a new version."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.core import flows, text_guard
from bot.core.guard_notice import edit_held, warning
from bot.core.permissions import Access
from bot.core.privacy_guard import Finding, find_identifiers
from bot.core.rendering import Reply
from bot.core.text import clean_text
from bot.core.turn import Turn
from bot.exchange import notify, updates
from bot.exchange.model import UPDATE_REF
from bot.exchange.render import messages as render
from handlers.drafts import answer, open_draft
from handlers.gate import UraContext, guarded
from storage.outbox import OutboxMessage


@guarded(Access.MEMBER)
async def _on_reply(update: Update, context: UraContext, turn: Turn) -> None:
    message = update.effective_message
    assert message is not None
    assert message.reply_to_message is not None
    text = message.text or ""
    row = await updates.replied_to(turn.session, turn.chat_id, message.reply_to_message.message_id)
    take = context.bot_data.replies.get(row.ref_type or "") if row is not None else None
    if row is not None and take is not None:
        if found := find_identifiers(text):
            await _hold(turn, row, text, found)
        else:
            await take(turn, row, text)
        return
    if await flows.current(turn.session, turn.user_id) is not None:
        # a reply to a question of a guided flow is just its answer
        draft = await open_draft(context, turn)
        if draft is not None:
            await answer(context, turn, draft, text)
        return
    turn.reply(Reply(turn.t("exchange.reply.not_relayed")))


async def _hold(turn: Turn, row: OutboxMessage, text: str, found: list[Finding]) -> None:
    """The privacy guard found someone in the reply: hold it until send anyway / edit."""
    holder = await flows.current(turn.session, turn.user_id) or await flows.begin(
        turn.session, turn.now, turn.user_id, text_guard.REPLY_FLOW
    )
    text_guard.hold_reply(holder, row.id, text)
    turn.reply(warning(turn.translator, turn.lang, found, holder.flow, holder.step))


async def on_reply(update: Update, context: UraContext) -> None:
    replied = update.effective_message.reply_to_message if update.effective_message else None
    if replied is None or replied.from_user is None or not replied.from_user.is_bot:
        return  # a reply to one's own message: ordinary text for the flows
    await _on_reply(update, context)
    raise ApplicationHandlerStop  # handled: the flows must not take it as an answer too


async def answer_update(turn: Turn, row: OutboxMessage, text: str) -> None:
    """A reply to a relayed update (or reply): to its author, and the group if so set."""
    assert turn.member is not None
    parent = await updates.answered(turn.session, row)
    body = clean_text(text, updates.MAX_REPLY)
    if parent is None or body is None:
        turn.reply(Reply(turn.t("flow.text_invalid" if parent else "exchange.reply.not_relayed")))
        return
    source = (turn.chat_id, turn.message_id) if turn.message_id else None
    relay = await updates.answer(turn.session, turn.now, turn.member, parent, body, source)
    if relay is None:
        turn.reply(Reply(turn.t("common.not_allowed")))
        return
    notify.deliver(turn, relay)
    author = relay.author.display_name if relay.author else None
    group_too = bool(relay.to_members or relay.to_chats)
    turn.reply(render.answered(turn.translator, turn.lang, author, group_too))


@guarded(Access.MEMBER)
async def _on_edit(update: Update, context: UraContext, turn: Turn) -> None:
    message = update.edited_message
    assert message is not None
    body = clean_text(message.text or "", updates.MAX_REPLY)
    entry = await updates.to_edit(turn.session, turn.chat_id, message.message_id, body or "")
    if entry is None or body is None:
        return
    if found := find_identifiers(body):  # the same guard as a new update or a reply
        turn.reply(edit_held(turn.translator, turn.lang, found))
        return
    newer = await updates.edit(turn.session, turn.now, entry, body)
    await notify.edited(turn.session, turn.translator, turn.now, newer)


async def on_edit(update: Update, context: UraContext) -> None:
    await _on_edit(update, context)
    raise ApplicationHandlerStop  # an edit is not a new answer to a flow


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.replies[UPDATE_REF] = answer_update
    private = filters.ChatType.PRIVATE
    edited = filters.UpdateType.EDITED_MESSAGE & filters.TEXT & private
    app.add_handler(MessageHandler(edited, on_edit))
    reply = filters.UpdateType.MESSAGE & filters.REPLY & filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(reply & private, on_reply))

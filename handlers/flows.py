"""Guided flows: typed answers and choice buttons go to the flow the person is in."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.callbacks import Press
from bot.rendering import Reply
from bot.services import flows
from bot.services.permissions import Access
from bot.turn import Turn
from handlers.drafts import answer, open_draft
from handlers.gate import UraContext, button, guarded


async def _route(context: UraContext, turn: Turn, value: str, step: str | None) -> None:
    if await flows.current(turn.session, turn.user_id) is None:
        if step is None:
            turn.reply(Reply(turn.t("common.unknown_command")))
        else:
            turn.toast = turn.t("common.button_stale")
        return
    draft = await open_draft(context, turn)  # still theirs to answer, as who they are now
    if draft is None:
        return
    if step is not None and f"{draft.flow}.{draft.step}" != step:
        turn.toast = turn.t("common.button_stale")
        return
    await answer(context, turn, draft, value)


@guarded(Access.ANYONE)
async def on_text(update: Update, context: UraContext, turn: Turn) -> None:
    assert update.effective_message is not None
    await _route(context, turn, update.effective_message.text or "", step=None)


@button(Access.ANYONE)
async def on_choice(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    flow, step, value = (press.arg.split(".", 2) + ["", ""])[:3]
    await _route(context, turn, value, step=f"{flow}.{step}")


def register(app: Application) -> None:  # type: ignore[type-arg]
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private_text, on_text), group=10)
    app.add_handler(CallbackQueryHandler(on_choice, pattern=r"^f:"))

"""/email: a member adds an address (confirmed with a code sent to it), chooses when Ura uses
it, or removes it. The rules are in bot/channels/email.py; this only asks and answers."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.channels import email, render
from bot.channels.model import AddEmail, ChooseMode, EmailMode, RemoveEmail
from bot.core import flows
from bot.core.flows import Flow, Step
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from handlers.gate import UraContext, guarded, pressed
from storage.members import Draft

FLOW = Flow("email", (Step("address", "text", max_len=254), Step("code", "text", max_len=12)))


@guarded(Access.MEMBER)
async def show(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    if not turn.settings.smtp_host:
        turn.reply(Reply(turn.t("email.unavailable")))
        return
    turn.reply(
        render.status(turn.translator, turn.lang, await email.address_of(turn.session, turn.member))
    )


@pressed(AddEmail, Access.MEMBER)
async def add(update: Update, context: UraContext, turn: Turn, press: AddEmail) -> None:
    await flows.begin(turn.session, turn.now, turn.user_id, FLOW)
    turn.reply(Reply(turn.t("email.ask_address")))


async def answer(turn: Turn, draft: Draft, value: str) -> None:
    assert turn.member is not None
    try:
        if draft.step == "address":
            row = await email.begin(turn.session, turn.now, turn.translator, turn.member, value)
            draft.step = "code"
            turn.reply(Reply(turn.t("email.code_sent", address=row.address)))
            return
        await email.confirm(turn.session, turn.now, turn.member, value)
    except email.EmailRefused as refused:
        turn.reply(Reply(turn.t(refused.key)))
        return
    await flows.clear(turn.session, turn.user_id)
    turn.reply(Reply(turn.t("email.confirmed")))
    turn.reply(
        render.status(turn.translator, turn.lang, await email.address_of(turn.session, turn.member))
    )


@pressed(ChooseMode, Access.MEMBER)
async def mode(update: Update, context: UraContext, turn: Turn, press: ChooseMode) -> None:
    assert turn.member is not None
    try:
        row = await email.set_mode(turn.session, turn.now, turn.member, press.mode)
    except email.EmailRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    turn.toast = turn.t(render.MODE_KEYS[EmailMode(row.mode)])
    turn.reply(render.status(turn.translator, turn.lang, row))


@pressed(RemoveEmail, Access.MEMBER)
async def remove(update: Update, context: UraContext, turn: Turn, press: RemoveEmail) -> None:
    assert turn.member is not None
    await email.remove(turn.session, turn.now, turn.member)
    turn.reply(Reply(turn.t("email.removed")))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[FLOW.name] = answer
    app.bot_data.flow_access[FLOW.name] = Access.MEMBER
    app.add_handler(CommandHandler("email", show, filters.ChatType.PRIVATE))
    add.register(app)
    mode.register(app)
    remove.register(app)

"""/email: a member adds an address (confirmed with a code sent to it), chooses when Ura uses
it, or removes it. The rules are in bot/channels/email.py; this only asks and answers."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.channels import email
from bot.channels.model import EmailMode
from bot.core import flows
from bot.core.callbacks import Press
from bot.core.flows import Flow, Step
from bot.core.i18n import Safe
from bot.core.permissions import Access
from bot.core.rendering import Button, Reply, rows
from bot.core.turn import Turn
from handlers.gate import UraContext, button, guarded
from storage.channels import MemberEmail
from storage.members import Draft

FLOW = Flow("email", (Step("address", "text", max_len=254), Step("code", "text", max_len=12)))


def _status(turn: Turn, row: MemberEmail | None) -> Reply:
    if row is None:
        return Reply(
            turn.t("email.status.none"), ((Button(turn.t("email.button.add"), "ema", "0"),),)
        )
    state = turn.t("email.status.confirmed" if row.confirmed_at else "email.status.unconfirmed")
    text = Safe(
        f"{turn.t('email.status', address=row.address, state=state)}\n{turn.t('email.modes')}"
    )
    modes = [
        Button(("● " if row.mode == mode else "") + str(turn.t(f"email.mode.{mode}")), "emm", mode)
        for mode in EmailMode
    ]
    change = (
        Button(turn.t("email.button.change"), "ema", "0"),
        Button(turn.t("email.button.remove"), "emr", "0"),
    )
    return Reply(text, (*rows(modes, 1), change))


@guarded(Access.MEMBER)
async def show(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    if not turn.settings.smtp_host:
        turn.reply(Reply(turn.t("email.unavailable")))
        return
    turn.reply(_status(turn, await turn.session.get(MemberEmail, turn.member.id)))


@button(Access.MEMBER)
async def add(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
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
    turn.reply(_status(turn, await turn.session.get(MemberEmail, turn.member.id)))


@button(Access.MEMBER)
async def mode(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    try:
        row = await email.set_mode(turn.session, turn.now, turn.member, EmailMode(press.arg))
    except (email.EmailRefused, ValueError) as refused:
        turn.toast = turn.t(getattr(refused, "key", "common.button_stale"))
        return
    turn.toast = turn.t(f"email.mode.{row.mode}")
    turn.reply(_status(turn, row))


@button(Access.MEMBER)
async def remove(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    await email.remove(turn.session, turn.now, turn.member)
    turn.reply(Reply(turn.t("email.removed")))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[FLOW.name] = answer
    app.bot_data.flow_access[FLOW.name] = Access.MEMBER
    app.add_handler(CommandHandler("email", show, filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(add, pattern=r"^ema:"))
    app.add_handler(CallbackQueryHandler(mode, pattern=r"^emm:"))
    app.add_handler(CallbackQueryHandler(remove, pattern=r"^emr:"))

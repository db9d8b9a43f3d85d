"""/email: a member adds an address (confirmed with a code sent to it), chooses when Ura uses
it, or removes it. The rules are in bot/channels/email.py; this only asks and answers."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.channels import email
from bot.channels.model import EmailMode
from bot.core import flows
from bot.core.callbacks import Payload
from bot.core.flows import Flow, Step
from bot.core.i18n import Safe
from bot.core.permissions import Access
from bot.core.rendering import Button, Reply, rows
from bot.core.turn import Turn
from handlers.gate import UraContext, guarded, pressed
from storage.channels import MemberEmail
from storage.members import Draft

FLOW = Flow("email", (Step("address", "text", max_len=254), Step("code", "text", max_len=12)))
MODE_KEYS = {
    EmailMode.NEVER: "email.mode.never",
    EmailMode.FALLBACK: "email.mode.fallback",
    EmailMode.URGENT: "email.mode.urgent",
}


# The buttons of /email (bot/channels/model.py, their natural home, is another engineer's
# part of issue #12: they may move there). The "0" is what phones already hold.
@dataclass(frozen=True)
class AddEmail(Payload, code="ema"):
    unused: int = 0


@dataclass(frozen=True)
class ChooseMode(Payload, code="emm"):
    mode: EmailMode


@dataclass(frozen=True)
class RemoveEmail(Payload, code="emr"):
    unused: int = 0


def _status(turn: Turn, row: MemberEmail | None) -> Reply:
    if row is None:
        return Reply(
            turn.t("email.status.none"), ((Button.press(turn.t("email.button.add"), AddEmail()),),)
        )
    state = turn.t("email.status.confirmed" if row.confirmed_at else "email.status.unconfirmed")
    text = Safe(
        f"{turn.t('email.status', address=row.address, state=state)}\n{turn.t('email.modes')}"
    )
    modes = [
        Button.press(
            ("● " if row.mode == mode else "") + str(turn.t(MODE_KEYS[mode])), ChooseMode(mode)
        )
        for mode in EmailMode
    ]
    change = (
        Button.press(turn.t("email.button.change"), AddEmail()),
        Button.press(turn.t("email.button.remove"), RemoveEmail()),
    )
    return Reply(text, (*rows(modes, 1), change))


@guarded(Access.MEMBER)
async def show(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    if not turn.settings.smtp_host:
        turn.reply(Reply(turn.t("email.unavailable")))
        return
    turn.reply(_status(turn, await turn.session.get(MemberEmail, turn.member.id)))


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
    turn.reply(_status(turn, await turn.session.get(MemberEmail, turn.member.id)))


@pressed(ChooseMode, Access.MEMBER)
async def mode(update: Update, context: UraContext, turn: Turn, press: ChooseMode) -> None:
    assert turn.member is not None
    try:
        row = await email.set_mode(turn.session, turn.now, turn.member, press.mode)
    except email.EmailRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    turn.toast = turn.t(MODE_KEYS[EmailMode(row.mode)])
    turn.reply(_status(turn, row))


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

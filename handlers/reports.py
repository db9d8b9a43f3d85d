"""Monitoring reports: /report [period] and the period buttons (coordinators, Advisory Group)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.reports import BadPeriod, Period, parse_period, period_name
from bot.reports.delivery import period_buttons, request
from bot.reports.model import PickPeriod
from handlers.gate import UraContext, guarded, pressed


def _send(turn: Turn, period: Period) -> None:
    assert turn.member is not None
    buttons = period_buttons(turn.translator, turn.lang, turn.now, turn.settings)
    name = period_name(turn.translator, turn.lang, period)
    turn.reply(Reply(turn.t("report.pick", period=name), buttons))
    request(turn.session, turn.now, turn.member, period)


@guarded(Access.MONITOR)
async def report(update: Update, context: UraContext, turn: Turn) -> None:
    try:
        period = parse_period(" ".join(context.args or []), turn.now, turn.zone)
    except BadPeriod:
        buttons = period_buttons(turn.translator, turn.lang, turn.now, turn.settings)
        turn.reply(Reply(turn.t("report.usage"), buttons))
        return
    _send(turn, period)


@pressed(PickPeriod, Access.MONITOR)
async def pick(update: Update, context: UraContext, turn: Turn, press: PickPeriod) -> None:
    try:
        period = parse_period(press.period, turn.now, turn.zone)
    except BadPeriod:
        return
    _send(turn, period)


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Private chats only: figures are not for a group chat's other members.
    app.add_handler(CommandHandler("report", report, filters.ChatType.PRIVATE))
    pick.register(app)

"""/routing by buttons: a coordinator opens a category and ticks the sectors that receive it;
each tick is saved (audited) and shown in place. The typed /routing form stays for power users."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.alerts import routing as alert_routing
from bot.alerts.render import notices, routing_buttons
from bot.alerts.routing import CATEGORIES
from bot.core.callbacks import Press
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit, sent_message
from handlers.gate import UraContext, button


async def _show(turn: Turn, reply: Reply) -> None:
    """In place of the pressed message; a new message if that one is unknown."""
    pressed = await sent_message(turn.session, turn.chat_id, turn.message_id, turn.pressed)
    if pressed is None:
        turn.reply(reply)
    else:
        await enqueue_edit(turn.session, target=pressed, reply=reply, now=turn.now)


def _position(text: str, size: int) -> int | None:
    return int(text) if text.isdigit() and int(text) < size else None


@button(Access.COORDINATOR)
async def open_category(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    position = _position(press.arg, len(CATEGORIES))
    if position is None:
        turn.toast = turn.t("common.button_stale")
        return
    category = CATEGORIES[position]
    table = await alert_routing.routing_table(turn.session)
    await _show(
        turn, routing_buttons.sector_picker(turn.translator, turn.lang, category, table[category])
    )


@button(Access.COORDINATOR)
async def toggle_sector(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    first, _, second = press.arg.partition(".")
    position = _position(first, len(CATEGORIES))
    agency_at = _position(second, len(routing_buttons.AGENCIES))
    if position is None or agency_at is None:
        turn.toast = turn.t("common.button_stale")
        return
    category, agency = CATEGORIES[position], routing_buttons.AGENCIES[agency_at]
    chosen = (await alert_routing.routing_table(turn.session))[category]
    chosen = [a for a in chosen if a != agency] if agency in chosen else [*chosen, agency]
    if not chosen:
        turn.toast = turn.t("alert.routing.needs_one")
        return
    await alert_routing.set_route(turn.session, turn.now, category, chosen, turn.member.id)
    await _show(turn, routing_buttons.sector_picker(turn.translator, turn.lang, category, chosen))
    turn.toast = turn.t("alert.routing.saved")


@button(Access.COORDINATOR)
async def back(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    table = await alert_routing.routing_table(turn.session)
    await _show(turn, notices.routing(turn.translator, turn.lang, table))


@button(Access.COORDINATOR)
async def reset(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    await alert_routing.store_policy(turn.session, turn.now, "routing", "*", None, turn.member.id)
    table = await alert_routing.routing_table(turn.session)
    await _show(turn, notices.routing(turn.translator, turn.lang, table))
    turn.toast = turn.t("alert.routing.saved")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CallbackQueryHandler(open_category, pattern=rf"^{routing_buttons.CATEGORY}:"))
    app.add_handler(CallbackQueryHandler(toggle_sector, pattern=rf"^{routing_buttons.TOGGLE}:"))
    app.add_handler(CallbackQueryHandler(back, pattern=rf"^{routing_buttons.BACK}:"))
    app.add_handler(CallbackQueryHandler(reset, pattern=rf"^{routing_buttons.RESET}:"))

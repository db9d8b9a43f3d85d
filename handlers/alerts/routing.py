"""/routing by buttons: a coordinator opens a category and ticks the sectors that receive it;
each tick is saved (audited) and shown in place. The typed /routing form stays for power users."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.alerts import editors, routing
from bot.alerts.model import RoutingBack, RoutingCategory, RoutingReset, RoutingToggle
from bot.alerts.render import notices, routing_buttons
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit, sent_message
from handlers.gate import UraContext, pressed


async def show(turn: Turn, reply: Reply) -> None:
    """In place of the pressed message; a new message if that one is unknown."""
    found = await sent_message(turn.session, turn.chat_id, turn.message_id, turn.pressed)
    if found is None:
        turn.reply(reply)
    else:
        await enqueue_edit(turn.session, target=found, reply=reply, now=turn.now)


@pressed(RoutingCategory, Access.COORDINATOR)
async def open_category(
    update: Update, context: UraContext, turn: Turn, press: RoutingCategory
) -> None:
    category = editors.category_at(press.category)
    if category is None:
        turn.toast = turn.t("common.button_stale")
        return
    table = await routing.routing_table(turn.session)
    picker = routing_buttons.sector_picker(turn.translator, turn.lang, category, table[category])
    await show(turn, picker)


@pressed(RoutingToggle, Access.COORDINATOR)
async def toggle_sector(
    update: Update, context: UraContext, turn: Turn, press: RoutingToggle
) -> None:
    assert turn.member is not None
    category = editors.category_at(press.category)
    if category is None or press.agency >= len(editors.AGENCIES):
        turn.toast = turn.t("common.button_stale")
        return
    chosen = await editors.toggle_sector(
        turn.session, turn.now, category, press.agency, turn.member
    )
    if chosen is None:
        turn.toast = turn.t("alert.routing.needs_one")
        return
    await show(turn, routing_buttons.sector_picker(turn.translator, turn.lang, category, chosen))
    turn.toast = turn.t("alert.routing.saved")


@pressed(RoutingBack, Access.COORDINATOR)
async def back(update: Update, context: UraContext, turn: Turn, press: RoutingBack) -> None:
    table = await routing.routing_table(turn.session)
    await show(turn, notices.routing(turn.translator, turn.lang, table))


@pressed(RoutingReset, Access.COORDINATOR)
async def reset(update: Update, context: UraContext, turn: Turn, press: RoutingReset) -> None:
    assert turn.member is not None
    await editors.reset_routing(turn.session, turn.now, turn.member)
    table = await routing.routing_table(turn.session)
    await show(turn, notices.routing(turn.translator, turn.lang, table))
    turn.toast = turn.t("alert.routing.saved")


def register(app: Application) -> None:  # type: ignore[type-arg]
    for handler in (open_category, toggle_sector, back, reset):
        handler.register(app)

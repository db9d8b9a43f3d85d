"""Duty rosters in chat: /duty (now and next per sector), the rotation editor and covers for
chairs and coordinators, swaps between members, one's shifts as a calendar file."""

from __future__ import annotations

from telegram.ext import Application, CommandHandler, filters

from bot.core.permissions import Access
from bot.rosters import forms
from handlers.rosters import board, editing, swaps


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[forms.ROTATION.name] = editing.answer_rotation
    app.bot_data.flows[forms.COVER.name] = editing.answer_cover
    # The services check who may edit a roster as the person is now (a chair, a coordinator).
    app.bot_data.flow_access[forms.ROTATION.name] = Access.MEMBER
    app.bot_data.flow_access[forms.COVER.name] = Access.MEMBER
    app.add_handler(CommandHandler("duty", board.duty, filters.ChatType.PRIVATE))
    board.show_region.register(app)
    editing.edit_rotation.register(app)
    editing.add_cover.register(app)
    swaps.offer_swap.register(app)
    swaps.offer_to.register(app)
    swaps.answer_swap.register(app)
    board.calendar.register(app)
    board.pick_hours.register(app)
    board.set_hours.register(app)

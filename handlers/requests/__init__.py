"""Advisory Group monitoring requests: /request (guided), /requests, and the card's buttons
(answer, forward within the institution, close, open from the list)."""

from __future__ import annotations

from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.core.permissions import Access
from bot.requests import forms
from handlers.requests import answering, asking, card


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[forms.ASK.name] = asking.answer_ask
    app.bot_data.flows[forms.ANSWER.name] = answering.answer_reply
    # Who may go on answering a saved form; the services check the rest (who may ask, who
    # was addressed) as the person is now.
    app.bot_data.flow_access[forms.ASK.name] = Access.MEMBER
    app.bot_data.flow_access[forms.ANSWER.name] = Access.MEMBER
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("request", asking.start_request, private))
    app.add_handler(CommandHandler("requests", card.list_requests, private))
    for handler in (answering.start_answer, card.forward_menu, card.forward_to, card.close):
        handler.register(app)
    card.open_card.register(app)
    media = (filters.PHOTO | filters.Document.ALL) & private
    # Its own group, before the flows' answer to media nobody takes (group 14).
    app.add_handler(MessageHandler(media, asking.on_attachment), group=9)

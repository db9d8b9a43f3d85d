"""Coordinators' broadcasts: /broadcast (guided), /broadcasts and the buttons on their
messages. Thin adapters over `bot.broadcasts` (the delivery listener that keeps each
progress message current is bot/listeners.py)."""

from __future__ import annotations

from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.broadcasts.rules import FLOW
from bot.core.permissions import Access
from handlers.broadcasts import compose, manage


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[FLOW.name] = compose.answer_broadcast
    app.bot_data.flow_access[FLOW.name] = Access.COORDINATOR
    # Private chats only: drafts, previews and reports are not for a group chat's eyes.
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("broadcast", compose.start_broadcast, private))
    app.add_handler(CommandHandler("broadcasts", manage.list_broadcasts, private))
    compose.skip.register(app)
    manage.cancel.register(app)
    manage.resend.register(app)
    manage.resend_uncertain.register(app)
    manage.open_report.register(app)
    manage.older.register(app)
    # Its own group, so a document reaches this flow whatever other features do with it.
    document = filters.Document.ALL & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(document, compose.on_document), group=11)

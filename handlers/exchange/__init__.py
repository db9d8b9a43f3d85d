"""The information exchange in chat: /update, reply threads, linked group chats, /history,
/search and /export. Thin adapters over `bot.exchange` and `bot.log`."""

from __future__ import annotations

from telegram.ext import Application

from handlers.exchange import links, records, threads, updates


def register(app: Application) -> None:  # type: ignore[type-arg]
    updates.register(app)  # /update (guided) and its attachments (group 13)
    threads.register(app)  # a Telegram reply to one of Ura's messages
    links.register(app)  # /link, /unlink, /replies
    records.register(app)  # /history, /search, /export

"""Sending one logged entry to everyone it goes to: members in their language, linked chats."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import Priority
from bot.exchange.render import messages
from bot.exchange.updates import Relay


def deliver(turn: Turn, relay: Relay) -> None:
    """The card, then each attachment as its own message, all through the outbox; every copy
    refers to the entry, so a Telegram reply to any of them threads back to it."""
    entry, t = relay.entry, turn.translator
    ref = ("update", entry.id)
    for member in relay.to_members:
        turn.notify(member, lambda lang: messages.card(t, lang, entry, relay.groups), ref=ref)
        for item in entry.attachments:
            turn.notify(member, _fixed(messages.attachment(item)), ref=ref)
    for chat_id in relay.to_chats:
        card = messages.card(t, t.default, entry, relay.groups, to_chat=True)
        turn.send(chat_id, card, priority=Priority.NOTICE, ref=ref)
        for item in entry.attachments:
            turn.send(chat_id, messages.attachment(item), priority=Priority.NOTICE, ref=ref)


def _fixed(reply: Reply) -> Callable[[str], Reply]:
    """An attachment reads the same in every language."""
    return lambda _lang: reply

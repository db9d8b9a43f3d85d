"""Texts of linked chats and the reply setting: the group buttons of /link and /replies, and
the /replies card with its two buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.callbacks import Payload
from bot.core.i18n import Translator
from bot.core.rendering import Button, Reply, rows
from bot.exchange.model import RepliesTo, SetReplies
from storage.members import Group


def group_buttons(
    t: Translator, lang: str, key: str, groups: Sequence[Group], press: Callable[[int], Payload]
) -> Reply:
    """The groups as buttons, so nobody has to type a name exactly."""
    return Reply(t(lang, key), rows([Button.press(g.name, press(g.id)) for g in groups], 2))


def replies_card(t: Translator, lang: str, group: Group, to: RepliesTo) -> Reply:
    key = "exchange.replies.group" if to is RepliesTo.GROUP else "exchange.replies.author"
    state = t(lang, key)
    author = SetReplies(group.id, RepliesTo.AUTHOR)
    everyone = SetReplies(group.id, RepliesTo.GROUP)
    buttons = (
        Button.press(t(lang, "exchange.replies.author_button"), author),
        Button.press(t(lang, "exchange.replies.group_button"), everyone),
    )
    return Reply(t(lang, "exchange.replies.now", group=group.name, state=state), (buttons,))

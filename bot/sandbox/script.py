"""Scripted actions of sandbox members, performed through the built-in Bot API server exactly
as a person does on the page: type, press a button (by its catalog key or label), send a file.

The demo's past events and the trainers' tour are both scripts, so what the tour shows is the
real bot answering real presses."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.i18n import Translator
from bot.sandbox.telegram import FakeBotApi, FakeMessage, FakeUser

ANSWER_WAIT = 8.0  # seconds the bot may take to answer one action on a loaded machine
PRESS_SETTLE = 2.0  # after a press, how long to wait for the question or edit it brings


@dataclass(frozen=True)
class Say:
    """The actor types a text or command."""

    actor: str
    text: str


@dataclass(frozen=True)
class Press:
    """The actor presses a button on the newest bot message having it: `key` is a catalog
    key (its label in the actor's language), else `label` is the literal label."""

    actor: str
    key: str = ""
    label: str = ""


Action = Say | Press


class ScriptError(Exception):
    """A scripted step could not be performed (the bot did not answer as expected)."""


def _label(translator: Translator, lang: str, action: Press) -> str:
    return str(translator(lang, action.key)) if action.key else action.label


def _newest_with(telegram: FakeBotApi, user: FakeUser, label: str) -> FakeMessage | None:
    for message in telegram.bot_messages(user)[::-1]:
        for row in (message.reply_markup or {}).get("inline_keyboard") or []:
            if any(button.get("text") == label for button in row):
                return message
    return None


def _seen(telegram: FakeBotApi, user: FakeUser) -> tuple[int, int]:
    """What the actor's chat shows now: its newest bot message and the edits so far."""
    mine = telegram.bot_messages(user)
    return (mine[-1].message_id if mine else 0, sum(m.edits for m in mine))


def _changed(telegram: FakeBotApi, user: FakeUser, before: tuple[int, int]) -> bool:
    return _seen(telegram, user) != before


async def perform(
    telegram: FakeBotApi,
    translator: Translator,
    cast: dict[str, tuple[FakeUser, str]],
    actions: Sequence[Action],
) -> None:
    """Each action in turn, waiting after each until the bot answered in the actor's chat."""
    for action in actions:
        user, lang = cast[action.actor]
        before = _seen(telegram, user)
        if isinstance(action, Say):
            await telegram.send_text(user, action.text)
        else:
            label = _label(translator, lang, action)
            found = await telegram.world.notifier.wait_until(
                functools.partial(_newest_with, telegram, user, label), ANSWER_WAIT
            )
            if found is None:
                raise ScriptError(f"{user.display_name}: no button {label!r}")
            query = await telegram.press_callback(user, found, found.button_data(label))
            if (
                await telegram.world.notifier.wait_until(
                    functools.partial(telegram.callback_answer, query), ANSWER_WAIT
                )
                is None
            ):
                raise ScriptError(f"{user.display_name}: the press of {label!r} was not answered")
            # Most presses change the chat (a question, an edit); some only answer with a toast.
            await telegram.world.notifier.wait_until(
                functools.partial(_changed, telegram, user, before), PRESS_SETTLE
            )
            continue
        answered = await telegram.world.notifier.wait_until(
            functools.partial(_changed, telegram, user, before), ANSWER_WAIT
        )
        if answered is None:
            raise ScriptError(f"{user.display_name}: the bot did not answer {action}")

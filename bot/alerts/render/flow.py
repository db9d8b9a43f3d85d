"""The raising flow's summary, edit menu and attachment question."""

from __future__ import annotations

from typing import Any

from bot.alerts.model import Category, Urgency
from bot.alerts.render import words
from bot.alerts.render.card import excerpt
from bot.core.flows import Choice
from bot.core.i18n import Safe, Translator
from bot.core.rendering import Button, Reply, rows

EDITABLE = ("region", "category", "urgency", "description", "attachment")


def attachment_prompt(t: Translator, lang: str) -> Reply:
    text = Safe(f"{t(lang, 'alert.attachment.prompt')}\n{t(lang, 'flow.cancel_hint')}")
    return Reply(
        text,
        ((Button.press(t(lang, "alert.attachment.skip"), Choice.of("alert.attachment", "skip")),),),
    )


def summary(t: Translator, lang: str, data: dict[str, Any], region: str) -> Reply:
    kind = (data.get("attachment") or {}).get("kind")
    text = t(
        lang,
        "alert.summary",
        region=region,
        category=t(lang, words.CATEGORY[Category(data["category"])]),
        urgency=t(lang, words.URGENCY[Urgency(data["urgency"])]),
        description=excerpt(t, lang, data["description"]),
        attachment=t(lang, words.ATTACHMENT[kind]) if kind in words.ATTACHMENT else "—",
    )
    buttons = (
        Button.press(t(lang, "alert.button.send"), Choice.of("alert.confirm", "send")),
        Button.press(t(lang, "alert.button.edit"), Choice.of("alert.confirm", "edit")),
        Button.press(t(lang, "alert.button.cancel"), Choice.of("alert.confirm", "cancel")),
    )
    return Reply(text, (buttons,))


def edit_menu(t: Translator, lang: str) -> Reply:
    buttons = [
        Button.press(t(lang, words.EDIT[f]), Choice.of("alert.confirm", f"e_{f}")) for f in EDITABLE
    ]
    return Reply(t(lang, "alert.edit.prompt"), rows(buttons, 2))

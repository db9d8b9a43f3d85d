"""The raising flow's summary, edit menu and attachment question."""

from __future__ import annotations

from typing import Any

from bot.alerts.render.card import excerpt
from bot.core.i18n import Safe, Translator
from bot.core.rendering import Button, Reply, rows

EDITABLE = ("region", "category", "urgency", "description", "attachment")


def attachment_prompt(t: Translator, lang: str) -> Reply:
    text = Safe(f"{t(lang, 'alert.attachment.prompt')}\n{t(lang, 'flow.cancel_hint')}")
    return Reply(text, ((Button(t(lang, "alert.attachment.skip"), "f", "alert.attachment.skip"),),))


def summary(t: Translator, lang: str, data: dict[str, Any], region: str) -> Reply:
    kind = (data.get("attachment") or {}).get("kind")
    text = t(
        lang,
        "alert.summary",
        region=region,
        category=t(lang, f"alert.category.{data['category']}"),
        urgency=t(lang, f"alert.urgency.{data['urgency']}"),
        description=excerpt(t, lang, data["description"]),
        attachment=t(lang, f"alert.attachment.{kind}") if kind else "—",
    )
    buttons = (
        Button(t(lang, "alert.button.send"), "f", "alert.confirm.send"),
        Button(t(lang, "alert.button.edit"), "f", "alert.confirm.edit"),
        Button(t(lang, "alert.button.cancel"), "f", "alert.confirm.cancel"),
    )
    return Reply(text, (buttons,))


def edit_menu(t: Translator, lang: str) -> Reply:
    buttons = [Button(t(lang, f"alert.edit.{f}"), "f", f"alert.confirm.e_{f}") for f in EDITABLE]
    return Reply(t(lang, "alert.edit.prompt"), rows(buttons, 2))

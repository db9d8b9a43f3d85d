"""The privacy guard's warning: what it found, and send anyway / write it again."""

from __future__ import annotations

from bot.core.i18n import Safe, Translator
from bot.core.privacy_guard import Finding
from bot.core.rendering import Button, Reply
from bot.core.text_guard import EDIT, KEEP

MAX_FINDINGS = 10
_ALERT_KINDS = ("phone", "personal_id", "email", "address")  # labels in the alerts catalog


def kind_label(t: Translator, lang: str, kind: str) -> Safe:
    return t(lang, f"alert.guard.{kind}" if kind in _ALERT_KINDS else f"data.guard.{kind}")


def finding_lines(t: Translator, lang: str, found: list[Finding]) -> list[Safe]:
    lines = [
        t(lang, "alert.guard.line", kind=kind_label(t, lang, f.kind), text=f.text)
        for f in found[:MAX_FINDINGS]
    ]
    if len(found) > MAX_FINDINGS:  # a pasted list must not push the buttons past 4096
        lines.append(t.plural(lang, "alert.guard.more", len(found) - MAX_FINDINGS))
    return lines


def warning(t: Translator, lang: str, found: list[Finding], flow: str, step: str) -> Reply:
    lines = [t(lang, "data.guard.found"), *finding_lines(t, lang, found)]
    lines.append(t(lang, "data.guard.question"))
    buttons = (
        Button(t(lang, "data.guard.edit"), "f", f"{flow}.{step}.{EDIT}"),
        Button(t(lang, "data.guard.keep"), "f", f"{flow}.{step}.{KEEP}"),
    )
    return Reply(Safe("\n".join(lines)), (buttons,))


def edit_held(t: Translator, lang: str, found: list[Finding]) -> Reply:
    """An edit of a relayed update that adds someone's details is not passed on."""
    lines = [t(lang, "data.guard.found"), *finding_lines(t, lang, found)]
    lines.append(t(lang, "data.guard.edit_held"))
    return Reply(Safe("\n".join(lines)))

"""What /email shows: the member's address, its state, when Ura uses it, and its buttons."""

from __future__ import annotations

from bot.channels.model import AddEmail, ChooseMode, EmailMode, RemoveEmail
from bot.core.i18n import Safe, Translator
from bot.core.rendering import Button, Reply, rows
from storage.channels import MemberEmail

MODE_KEYS = {
    EmailMode.NEVER: "email.mode.never",
    EmailMode.FALLBACK: "email.mode.fallback",
    EmailMode.URGENT: "email.mode.urgent",
}


def status(t: Translator, lang: str, row: MemberEmail | None) -> Reply:
    if row is None:
        return Reply(
            t(lang, "email.status.none"),
            ((Button.press(t(lang, "email.button.add"), AddEmail()),),),
        )
    state = t(lang, "email.status.confirmed" if row.confirmed_at else "email.status.unconfirmed")
    text = Safe(
        f"{t(lang, 'email.status', address=row.address, state=state)}\n{t(lang, 'email.modes')}"
    )
    modes = [
        Button.press(
            ("● " if row.mode == mode else "") + str(t(lang, MODE_KEYS[mode])), ChooseMode(mode)
        )
        for mode in EmailMode
    ]
    change = (
        Button.press(t(lang, "email.button.change"), AddEmail()),
        Button.press(t(lang, "email.button.remove"), RemoveEmail()),
    )
    return Reply(text, (*rows(modes, 1), change))

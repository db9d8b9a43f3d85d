"""Why Telegram refused a message, in the reader's language and with a next step.

Telegram's own reasons ("Forbidden: bot was blocked by the user") are English and say nothing of
what to do; the delivery engine keeps them as they came (the log needs them), and people read
these instead.
"""

from __future__ import annotations

from bot.core.i18n import Safe, Translator

# (what Telegram's reason contains, lowercased) -> catalog key; the first match wins.
KNOWN: tuple[tuple[tuple[str, ...], str], ...] = (
    (("blocked by the user", "bot was blocked"), "blocked"),
    (("user is deactivated",), "deactivated"),
    (("chat not found", "can't initiate conversation", "bot can't initiate"), "not_started"),
    (("kicked", "not a member", "upgraded to a supergroup", "not enough rights"), "removed"),
    (("too long",), "too_long"),
    (("can't parse entities",), "format"),
    (("gave up", "timed out", "network", "bad gateway", "retry"), "no_answer"),
)


def reason_key(raw: str) -> str:
    lowered = raw.lower()
    for needles, key in KNOWN:
        if any(needle in lowered for needle in needles):
            return f"delivery.reason.{key}"
    return "delivery.reason.other"


def delivery_reason(t: Translator, lang: str, raw: str) -> Safe:
    return t(lang, reason_key(raw))

"""What an escalation tells people besides the new recipients' cards: a nudge to those who
already hold a card (their card is edited, not copied) and a short word to the sender."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.alerts.render import words
from bot.alerts.render.card import escalation_notice
from bot.alerts.views import AlertView
from bot.core.i18n import Safe, Translator
from bot.core.rendering import Reply


def escalated_to(t: Translator, lang: str, audiences: Sequence[str], view: AlertView) -> Safe:
    """Whom this step reached: "the coordinator's office, committee: Durrës"."""
    parts = [
        t(lang, words.ESCALATED_TO[audience], region=view.region.name) for audience in audiences
    ]
    return Safe(", ".join(parts))


def reminder(
    t: Translator,
    lang: str,
    view: AlertView,
    elapsed: timedelta,
    until: str,
    audiences: Sequence[str],
) -> Reply:
    """For someone who has the card already and has not acknowledged (or taken) it."""
    head = escalation_notice(t, lang, view, elapsed, until).text
    line = t(lang, "flows.alert.escalation.reminder", to=escalated_to(t, lang, audiences, view))
    return Reply(Safe(f"{head}\n{line}"))


def to_sender(
    t: Translator, lang: str, view: AlertView, until: str, audiences: Sequence[str]
) -> Reply:
    """The sender learns that nobody has it in hand yet, and who was asked now."""
    to = escalated_to(t, lang, audiences, view)
    return Reply(t(lang, words.TO_SENDER[until], id=view.alert.id, to=to))

"""/routing with buttons: a category, then its sectors ticked on and off — no English codes typed.

Categories and sectors travel in button payloads as their positions in CATEGORIES and Agency.
"""

from __future__ import annotations

from typing import Any

from bot.alerts.model import (
    Category,
    RoutingBack,
    RoutingCategory,
    RoutingReset,
    RoutingToggle,
)
from bot.alerts.render import words
from bot.alerts.routing import CATEGORIES
from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_label
from bot.core.permissions import Agency
from bot.core.rendering import Button, Reply, rows
from config.durations import parse_duration

AGENCIES = tuple(Agency)


def routing_buttons(t: Translator, lang: str) -> tuple[tuple[Button, ...], ...]:
    categories = [
        Button.press(t(lang, words.CATEGORY[c]), RoutingCategory(i))
        for i, c in enumerate(CATEGORIES)
    ]
    reset = Button.press(t(lang, "alert.routing.reset_button"), RoutingReset())
    return (*rows(categories, 1), (reset,))


def sector_picker(t: Translator, lang: str, category: Category, chosen: list[str]) -> Reply:
    position = CATEGORIES.index(category)
    buttons = [
        Button.press(
            f"{'✅' if agency in chosen else '▫️'} {agency_label(t, lang, agency)}",
            RoutingToggle(position, i),
        )
        for i, agency in enumerate(AGENCIES)
    ]
    back = Button.press(t(lang, "alert.routing.back_button"), RoutingBack())
    text = t(
        lang,
        "alert.routing.pick",
        category=t(lang, words.CATEGORY[category]),
        sectors=Safe(", ".join(agency_label(t, lang, a) for a in chosen)),
    )
    return Reply(Safe(text), (*rows(buttons, 2), (back,)))


def escalation_set(
    t: Translator, lang: str, scope: str, steps: list[dict[str, Any]] | None
) -> Reply:
    """/escalation's answer in words: "after 10 min: coordinators and committee", not codes."""
    if steps is None:
        return Reply(t(lang, "alert.escalation.reset", scope=scope))
    lines = [t(lang, "alert.escalation.set", scope=scope)]
    for step in steps:
        to = Safe(" + ".join(t(lang, words.ESCALATION_TO[who]) for who in step["to"]))
        delay = step["delay"]
        if delay == "interval":
            lines.append(t(lang, "alert.escalation.step.interval", to=to))
        else:
            minutes = int(parse_duration(delay).total_seconds() // 60)
            lines.append(t(lang, "alert.escalation.step", minutes=minutes, to=to))
    return Reply(Safe("\n".join(lines)))

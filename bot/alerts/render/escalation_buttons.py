"""/escalation with buttons: pick what the rule is for, then each step's minutes and audience.

The steps built so far travel in the (signed) button payload, e.g. "r3.10b-30c": region group 3,
after 10 min to both, then after 30 more to the coordinators. Scope: "d" (the default for all),
"c<n>" (a category by position), "r<group id>" (a region).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.alerts.editors import Scope
from bot.alerts.escalation import MAX_STEPS
from bot.alerts.model import EscalationMinutes, EscalationSave, EscalationScope, EscalationStepDone
from bot.alerts.render import words
from bot.alerts.routing import CATEGORIES
from bot.core.i18n import Safe, Translator
from bot.core.rendering import Button, Reply, rows
from storage.members import Group

MINUTES = (5, 10, 15, 30, 60)
AUDIENCE = {
    "c": ("coordinators",),
    "m": ("committee",),
    "b": ("coordinators", "committee"),
    "o": ("on_duty",),  # the duty roster of each routed sector
    "n": ("on_duty_next",),
    "s": ("sector",),
    "h": ("chair",),
}


def decode_steps(code: str) -> list[dict[str, Any]] | None:
    """'10b-30c' as policy steps; None if it is not such a code."""
    steps: list[dict[str, Any]] = []
    for part in filter(None, code.split("-")):
        minutes, who = part[:-1], part[-1:]
        if not minutes.isdigit() or who not in AUDIENCE or len(steps) >= MAX_STEPS:
            return None
        steps.append({"delay": f"{int(minutes)}m", "to": list(AUDIENCE[who])})
    return steps


def scope_picker(t: Translator, lang: str, regions: Sequence[Group]) -> Reply:
    buttons = [Button.press(t(lang, "alert.escalation.all"), EscalationScope("d"))]
    buttons += [
        Button.press(t(lang, words.CATEGORY[c]), EscalationScope(f"c{i}"))
        for i, c in enumerate(CATEGORIES)
    ]
    buttons += [Button.press(g.name, EscalationScope(f"r{g.id}")) for g in regions]
    return Reply(t(lang, "alert.escalation.pick_scope"), rows(buttons, 2))


def _summary(t: Translator, lang: str, label: str, code: str) -> Safe:
    lines = [t(lang, "alert.escalation.building", scope=label)]
    for step in decode_steps(code) or []:
        to = Safe(" + ".join(t(lang, words.ESCALATION_TO[who]) for who in step["to"]))
        minutes = int(step["delay"].removesuffix("m"))
        lines.append(t(lang, "alert.escalation.step", minutes=minutes, to=to))
    return Safe("\n".join(lines))


def ask_minutes(t: Translator, lang: str, label: str, scope: str, code: str) -> Reply:
    buttons = [
        Button.press(
            t(lang, "alert.escalation.after", minutes=m), EscalationMinutes(scope, code, m)
        )
        for m in MINUTES
    ]
    text = Safe(f"{_summary(t, lang, label, code)}\n\n{t(lang, 'alert.escalation.ask_minutes')}")
    return Reply(text, rows(buttons, 3))


def ask_audience(
    t: Translator, lang: str, label: str, scope: str, code: str, minutes: int
) -> Reply:
    joined = f"{code}-" if code else ""
    buttons = [
        Button.press(
            t(lang, words.ESCALATION_WHO[who]), EscalationStepDone(scope, f"{joined}{minutes}{who}")
        )
        for who in AUDIENCE
    ]
    question = t(lang, "alert.escalation.ask_audience", minutes=minutes)
    return Reply(Safe(f"{_summary(t, lang, label, code)}\n\n{question}"), rows(buttons, 1))


def review(t: Translator, lang: str, label: str, scope: str, code: str) -> Reply:
    """The steps so far: another step, save, or back to the default."""
    buttons = []
    if len(decode_steps(code) or []) < MAX_STEPS:
        more = EscalationStepDone(scope, code, "+")
        buttons.append(Button.press(t(lang, "alert.escalation.add_step"), more))
    buttons.append(Button.press(t(lang, "alert.escalation.save"), EscalationSave(scope, code)))
    reset = EscalationSave(scope, "reset")
    buttons.append(Button.press(t(lang, "alert.escalation.reset_button"), reset))
    return Reply(_summary(t, lang, label, code), rows(buttons, 1))


def scope_label(t: Translator, lang: str, scope: Scope) -> str:
    """What a rule is for, in words: all alerts, a category, or a region."""
    if scope.region is not None:
        return scope.region.name
    if scope.category is not None:
        return str(t(lang, words.CATEGORY[scope.category]))
    return str(t(lang, "alert.escalation.all"))

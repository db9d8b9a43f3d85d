"""The one group picker: groups ticked and unticked in place (the message is edited), perhaps
"everyone", then Done. /meeting, /update and /broadcast ask through it.

Its buttons answer a flow step (``flow.step.value``): a group's id, EVERYONE or DONE. Ticking
everyone replaces the single groups, and a single group replaces everyone."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.core.flows import Choice
from bot.core.i18n import Safe, Translator
from bot.core.rendering import Button, Reply, rows
from storage.members import Group

EVERYONE = "all"
DONE = "done"
PER_ROW = 3  # group names are short ("Durrës", "KRAT Shkodër"): three fit a phone's width


@dataclass(frozen=True)
class Picker:
    """What one feature's picker says: its question, its Done, and whether everyone is offered."""

    flow_step: str  # e.g. "meeting.groups": the buttons answer this step
    prompt_key: str
    done_key: str
    everyone_key: str | None = None  # None: no "everyone" button

    def render(
        self, t: Translator, lang: str, groups: Sequence[Group], chosen: Collection[str]
    ) -> Reply:
        def tick(value: str, label: str) -> Button:
            mark = "✅ " if value in chosen else ""
            return Button.press(f"{mark}{label}", Choice.of(self.flow_step, value))

        buttons = [tick(str(g.id), g.name) for g in groups]
        if self.everyone_key is not None:
            buttons.insert(0, tick(EVERYONE, str(t(lang, self.everyone_key))))
        done = Button.press(t(lang, self.done_key), Choice.of(self.flow_step, DONE))
        text = Safe(f"{t(lang, self.prompt_key)}\n{t(lang, 'flow.cancel_hint')}")
        return Reply(text, (*rows(buttons, PER_ROW), (done,)))


def toggle(chosen: Sequence[str], value: str, allowed: Collection[str]) -> list[str]:
    """The ticks after one press; a value that is not offered changes nothing."""
    if value == EVERYONE:
        return [] if list(chosen) == [EVERYONE] else [EVERYONE]
    if value not in allowed:
        return list(chosen)
    if value in chosen:
        return [c for c in chosen if c != value]
    return [c for c in chosen if c != EVERYONE] + [value]

"""The demo (--demo): a cast with some history, and a short guided tour for trainers.

Everything here happens through the built-in Bot API server as a person would do it on the
page (scripts of typing and pressing), so the tour shows the real bot at work."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.core.permissions import Agency, Role
from bot.sandbox.cast import Sandbox
from bot.sandbox.script import Action, Press, Say, ScriptError, perform

log = logging.getLogger(__name__)

# (key, name, language, role, agency, group)
CAST = (
    ("ardit", "Ardit Hoxha", "sq", Role.COMMITTEE, Agency.POLICE, "durres"),
    ("sonila", "Sonila Dervishi", "sq", Role.COMMITTEE, Agency.SOCIAL_SERVICE, "durres"),
    ("alba", "Alba Kola", "sq", Role.NGO, Agency.CIVIL_SOCIETY, "durres"),
    ("ema", "Ema Leka", "en", Role.COMMITTEE, Agency.EDUCATION, "vlore"),
)
ORGANISATIONS = {
    "ardit": "Drejtoria Vendore e Policisë Durrës",
    "sonila": "Shërbimi Social Shtetëror, Durrës",
    "alba": "Qendra «Tjetër Vizion»",
    "ema": "Drejtoria Rajonale e Arsimit, Vlorë",
}
CHILD = "Një vajzë rreth 12 vjeç lyp çdo natë pranë portit; një burrë i merr paratë."


def _update(actor: str, topic: str, text: str) -> list[Action]:
    return [
        Say(actor, "/update"),
        Press(actor, key=f"exchange.topic.{topic}"),
        Say(actor, text),
        Press(actor, key="exchange.attachment.none"),
    ]


def history() -> list[Action]:
    """What happened before the workshop: two updates and an alert already handled."""
    return [
        *_update(
            "ema",
            "prevention",
            "Sessions on safe internet use in three Vlorë schools, "
            "with the regional police, next month.",
        ),
        *_update(
            "sonila", "victim_assistance", "Strehëza e Durrësit ka dy vende të lira këtë javë."
        ),
        Say("sonila", "/alert"),
        Press("sonila", label="Durrës"),
        Press("sonila", key="alert.category.child_at_risk"),
        Press("sonila", key="alert.urgency.normal"),
        Say(
            "sonila", "Dy fëmijë nuk kanë ardhur në shkollë prej dy javësh; familja është larguar."
        ),
        Press("sonila", key="alert.attachment.skip"),
        Press("sonila", key="alert.button.send"),
        Press("ardit", key="alert.button.ack"),
    ]


def meeting(day: str) -> list[Action]:
    return [
        Say("coordinator", "/meeting"),
        Press("coordinator", label="Durrës"),
        Press("coordinator", key="meeting.groups.done"),
        Say("coordinator", "Tryeza mujore e Komitetit të Durrësit"),
        Say("coordinator", f"{day} 10:00"),
        Press("coordinator", key="meeting.duration.90"),
        Say("coordinator", "Prefektura e Durrësit, salla 2"),
        Say("coordinator", "1. Sinjalizimi për fëmijën pranë portit\n2. Vendet në strehëz"),
        Press("coordinator", key="meeting.confirm.send"),
    ]


@dataclass(frozen=True)
class Step:
    caption: str  # a catalog key: what the trainer says while it happens
    actions: tuple[Action, ...]


def steps(day: str) -> list[Step]:
    return [
        Step(
            "sandbox.tour.raise",
            (
                Say("alba", "/alert"),
                Press("alba", label="Durrës"),
                Press("alba", key="alert.category.child_at_risk"),
                Press("alba", key="alert.urgency.urgent"),
                Say("alba", CHILD),
                Press("alba", key="alert.attachment.skip"),
                Press("alba", key="alert.button.send"),
            ),
        ),
        Step("sandbox.tour.acknowledge", (Press("ardit", key="alert.button.ack"),)),
        Step("sandbox.tour.overview", (Say("coordinator", "/alerts"),)),
        Step("sandbox.tour.meeting", tuple(meeting(day))),
        Step(
            "sandbox.tour.rsvp",
            tuple(Press(who, key="meeting.rsvp.yes") for who in ("ardit", "sonila", "alba")),
        ),
    ]


class Tour:
    """Steps a trainer walks through with Next; each is performed by the real bot."""

    def __init__(self, sandbox: Sandbox | None) -> None:
        self.sandbox = sandbox
        self.steps: list[Step] = []
        self.done = 0
        self.error: str | None = None
        self._lock = asyncio.Lock()

    def begin(self, day: str) -> None:
        self.steps = steps(day)

    def state(self) -> dict[str, Any]:
        if self.sandbox is None or not self.steps:
            return {"active": False}
        t, lang = self.sandbox.translator, self.sandbox.lang
        upcoming = self.steps[self.done] if self.done < len(self.steps) else None
        return {
            "active": True,
            "done": self.done,
            "total": len(self.steps),
            "caption": str(t(lang, upcoming.caption))
            if upcoming
            else str(t(lang, "sandbox.tour.end")),
            "busy": self._lock.locked(),
            "error": self.error,
        }

    async def next(self) -> None:
        if self.sandbox is None or self.done >= len(self.steps) or self._lock.locked():
            return
        async with self._lock:
            step = self.steps[self.done]
            try:
                await perform(
                    self.sandbox.telegram,
                    self.sandbox.translator,
                    self.sandbox.cast(),
                    step.actions,
                )
                self.error = None
            except ScriptError as error:
                log.warning("tour step %s: %s", step.caption, error)
                self.error = str(self.sandbox.translator(self.sandbox.lang, "sandbox.tour.failed"))
            self.done += 1


async def seed(sandbox: Sandbox, guide: Tour) -> None:
    """The demo cast joins by invite, a little history happens, and the tour is ready."""
    for key, name, lang, role, agency, group in CAST:
        person = await sandbox.add_person(name, lang, role, agency, group, ORGANISATIONS[key])
        sandbox.people[key] = sandbox.people.pop(person.key)
        sandbox.people[key].key = key
        await sandbox.join(key)
    await asyncio.sleep(0.5)
    try:
        await perform(sandbox.telegram, sandbox.translator, sandbox.cast(), history())
    except ScriptError as error:  # the page still works; the history is only scenery
        log.warning("demo history stopped: %s", error)
    now = sandbox.app.bot_data.services.clock.now()
    zone = sandbox.app.bot_data.services.settings.zone
    guide.begin((now.astimezone(zone) + timedelta(days=7)).strftime("%d.%m.%Y"))

"""The questions of /meeting: the group picker, each step's prompt, the summary to confirm."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.flows import Choice
from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import prompt
from bot.core.local_time import format_moment
from bot.core.permissions import Role
from bot.core.picker import EVERYONE, Picker
from bot.core.quick_dates import quick_moments
from bot.core.rendering import Button, Reply
from bot.meetings.model import Confirm, FlowStep
from storage.members import Group, Member

# Coordinators may also invite everyone; a chair only the groups they chair.
PICKER = Picker("meeting.groups", "meeting.groups.prompt", "meeting.groups.done")
PICKER_WITH_EVERYONE = Picker(
    "meeting.groups", "meeting.groups.prompt", "meeting.groups.done", "meeting.everyone"
)
DURATION_KEYS = {
    "60": "meeting.duration.60",
    "90": "meeting.duration.90",
    "120": "meeting.duration.120",
    "180": "meeting.duration.180",
}
PROMPT_KEYS = {
    FlowStep.GROUPS: "meeting.groups.prompt",
    FlowStep.TITLE: "meeting.title.prompt",
    FlowStep.START: "meeting.start.prompt",
    FlowStep.DURATION: "meeting.duration.prompt",
    FlowStep.PLACE: "meeting.place.prompt",
    FlowStep.AGENDA: "meeting.agenda.prompt",
    FlowStep.MOVE: "meeting.move.prompt",
}
TIME_REFUSED_KEYS = {"past": "meeting.time.past", "unparsable": "meeting.time.unparsable"}
# Which flow step a start-time question's date buttons answer.
_TIME_STEPS = {FlowStep.START: "meeting.start", FlowStep.MOVE: "meeting_move.start"}


def group_picker(
    t: Translator, lang: str, groups: Sequence[Group], chosen: Sequence[str], organiser: Member
) -> Reply:
    """Groups ticked and unticked in place; coordinators may also invite everyone."""
    picker = PICKER_WITH_EVERYONE if organiser.role == Role.COORDINATOR else PICKER
    return picker.render(t, lang, groups, chosen)


def step_prompt(
    t: Translator,
    lang: str,
    step: FlowStep,
    now: datetime | None = None,
    zone: ZoneInfo | None = None,
) -> Reply:
    """The next question; a start time ("start", or "move" for a new one) gets date buttons."""
    key = PROMPT_KEYS[step]
    if step == FlowStep.DURATION:
        choices = [(d, t(lang, k)) for d, k in DURATION_KEYS.items()]
        return prompt(t, lang, key, choices, "meeting.duration")
    if step in _TIME_STEPS and now is not None and zone is not None:
        quick = quick_moments(t, lang, now, zone)
        return prompt(t, lang, key, quick, _TIME_STEPS[step], per_row=1)
    return prompt(t, lang, key)


def time_refused(t: Translator, lang: str, reason: str) -> Reply:
    refused = t(lang, TIME_REFUSED_KEYS[reason])
    return Reply(Safe(f"{refused}\n{t(lang, 'meeting.time.example')}"))


def audience_names(
    t: Translator, lang: str, chosen: Sequence[str], groups: Iterable[Group]
) -> Safe:
    if EVERYONE in chosen:
        return t(lang, "meeting.everyone")
    return Safe(", ".join(escape(g.name) for g in groups if str(g.id) in chosen))


def summary(
    t: Translator,
    lang: str,
    data: dict[str, Any],
    zone: ZoneInfo,
    invitees: int,
    groups: Iterable[Group],
) -> Reply:
    text = t(
        lang,
        "meeting.summary_confirm",
        audience=audience_names(t, lang, data["groups"], groups),
        invitees=invitees,
        title=data["title"],
        when=format_moment(datetime.fromisoformat(data["start"]), zone),
        minutes=data["duration"],
        place=data["place"],
        agenda=data["agenda"],
    )
    send = Choice("meeting", FlowStep.CONFIRM, Confirm.SEND)
    cancel = Choice("meeting", FlowStep.CONFIRM, Confirm.CANCEL)
    buttons = (
        (
            Button.press(t(lang, "meeting.confirm.send"), send),
            Button.press(t(lang, "meeting.confirm.cancel"), cancel),
        ),
    )
    return Reply(text, buttons)

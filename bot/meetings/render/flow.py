"""The questions of /meeting: the group picker, each step's prompt, the summary to confirm."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import prompt
from bot.core.permissions import Role
from bot.core.quick_dates import quick_moments
from bot.core.rendering import Button, Reply, rows
from bot.meetings.render.cards import when
from bot.meetings.rules import DURATIONS
from storage.members import Group, Member


def _choice(label: str, step: str, value: str) -> Button:
    return Button(label, "f", f"meeting.{step}.{value}")


def group_picker(
    t: Translator, lang: str, groups: Sequence[Group], chosen: Sequence[str], organiser: Member
) -> Reply:
    """Groups ticked and unticked in place; coordinators may also invite everyone."""
    buttons = [
        _choice(f"{'✅ ' if str(g.id) in chosen else ''}{g.name}", "groups", str(g.id))
        for g in groups
    ]
    if organiser.role == Role.COORDINATOR:
        mark = "✅ " if "all" in chosen else ""
        buttons.insert(0, _choice(f"{mark}{t(lang, 'meeting.everyone')}", "groups", "all"))
    laid_out = rows(buttons, 3) + ((_choice(t(lang, "meeting.groups.done"), "groups", "done"),),)
    text = Safe(f"{t(lang, 'meeting.groups.prompt')}\n{t(lang, 'flow.cancel_hint')}")
    return Reply(text, laid_out)


def step_prompt(
    t: Translator, lang: str, step: str, now: datetime | None = None, zone: ZoneInfo | None = None
) -> Reply:
    """The next question; a start time ("start", or "move" for a new one) gets date buttons."""
    if step == "duration":
        choices = [(d, t(lang, f"meeting.duration.{d}")) for d in DURATIONS]
        return prompt(t, lang, "meeting.duration.prompt", choices, "meeting.duration")
    if step in ("start", "move") and now is not None and zone is not None:
        flow_step = "meeting.start" if step == "start" else "meeting_move.start"
        quick = quick_moments(t, lang, now, zone)
        return prompt(t, lang, f"meeting.{step}.prompt", quick, flow_step, per_row=1)
    return prompt(t, lang, f"meeting.{step}.prompt")


def time_refused(t: Translator, lang: str, reason: str) -> Reply:
    return Reply(Safe(f"{t(lang, f'meeting.time.{reason}')}\n{t(lang, 'meeting.time.example')}"))


def audience_names(
    t: Translator, lang: str, chosen: Sequence[str], groups: Iterable[Group]
) -> Safe:
    if "all" in chosen:
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
        when=when(datetime.fromisoformat(data["start"]), zone),
        minutes=data["duration"],
        place=data["place"],
        agenda=data["agenda"],
    )
    buttons = (
        (
            _choice(t(lang, "meeting.confirm.send"), "confirm", "send"),
            _choice(t(lang, "meeting.confirm.cancel"), "confirm", "cancel"),
        ),
    )
    return Reply(text, buttons)

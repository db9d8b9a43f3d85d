"""Pure renderers of the rosters' pickers: the region for /duty, the rotation editor and the
cover form (flow choices), the colleague for a swap, the working-hours presets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from bot.core.flows import Choice
from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_label
from bot.core.rendering import Button, Reply, rows
from bot.rosters.forms import COVER, ROTATION
from bot.rosters.model import (
    COVER_DAYS,
    COVER_STARTS,
    HANDOVER_CHOICES,
    PERIOD_KEYS,
    PRESET_KEYS,
    SAVE,
    START_KEYS,
    CoverStep,
    HoursPreset,
    OfferTo,
    Period,
    RotationStep,
    SetHours,
    ShowRegion,
)
from storage.members import Group, Member
from storage.rosters import Rotation


def _pick(value: str) -> Choice:
    return Choice(ROTATION.name, RotationStep.PICK, value)


def _cover(step: CoverStep, value: object) -> Choice:
    return Choice(COVER.name, step, str(value))


def region_picker(t: Translator, lang: str, groups: Sequence[Group]) -> Reply:
    buttons = [Button.press(g.name, ShowRegion(g.id)) for g in groups]
    return Reply(t(lang, "roster.pick_region"), rows(buttons, 3))


def sector_picker(t: Translator, lang: str, group: Group, agencies: Sequence[str]) -> Reply:
    sector = RotationStep.SECTOR
    buttons = [
        Button.press(agency_label(t, lang, a), Choice(ROTATION.name, sector, a)) for a in agencies
    ]
    return Reply(t(lang, "roster.rotation.sector", group=group.name), rows(buttons, 2))


def rotation_editor(
    t: Translator,
    lang: str,
    sector: str,
    candidates: Sequence[Member],
    order: Sequence[int],
    period: Period,
    handover: time,
) -> Reply:
    """Tap people in the order they take turns; choose daily or weekly and the hand-over."""
    chosen = {member_id: n for n, member_id in enumerate(order, 1)}
    people = [
        Button.press(
            f"{chosen[m.id]}. {m.display_name}" if m.id in chosen else m.display_name,
            _pick(f"m{m.id}"),
        )
        for m in candidates
    ]
    periods = [
        Button.press(("● " if p is period else "") + t(lang, PERIOD_KEYS[p]), _pick(f"p{p}"))
        for p in Period
    ]
    hours = [
        Button.press(
            ("● " if h == handover else "") + f"{h.hour:02d}:{h.minute:02d}",
            _pick(f"h{h.hour:02d}{h.minute:02d}"),
        )
        for h in HANDOVER_CHOICES
    ]
    save = Button.press(t(lang, "roster.rotation.save"), _pick(SAVE))
    text = t(lang, "roster.rotation.prompt", sector=Safe(agency_label(t, lang, sector)))
    return Reply(
        text, (*rows(people, 2), tuple(periods), tuple(hours[:3]), tuple(hours[3:]), (save,))
    )


def cover_people(t: Translator, lang: str, candidates: Sequence[Member]) -> Reply:
    buttons = [Button.press(m.display_name, _cover(CoverStep.MEMBER, m.id)) for m in candidates]
    return Reply(t(lang, "roster.cover.who"), rows(buttons, 2))


def cover_start(t: Translator, lang: str) -> Reply:
    buttons = [
        Button.press(t(lang, START_KEYS[n]), _cover(CoverStep.START, n)) for n in COVER_STARTS
    ]
    return Reply(t(lang, "roster.cover.when"), rows(buttons, 3))


def cover_days(t: Translator, lang: str) -> Reply:
    buttons = [
        Button.press(t(lang, "roster.cover.days", days=n), _cover(CoverStep.DAYS, n))
        for n in COVER_DAYS
    ]
    return Reply(t(lang, "roster.cover.how_long"), rows(buttons, 3))


def swap_colleagues(
    t: Translator, lang: str, rotation: Rotation, colleagues: Sequence[Member]
) -> Reply:
    buttons = [Button.press(m.display_name, OfferTo(rotation.id, m.id)) for m in colleagues]
    return Reply(t(lang, "roster.swap.who"), rows(buttons, 2))


def hours_picker(t: Translator, lang: str, group: Group) -> Reply:
    buttons = [Button.press(t(lang, PRESET_KEYS[p]), SetHours(group.id, p)) for p in HoursPreset]
    return Reply(t(lang, "roster.hours.pick", group=group.name), rows(buttons, 1))

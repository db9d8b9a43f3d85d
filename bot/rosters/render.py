"""Pure renderers for duty rosters: /duty, a cover set, swap offers and answers, reminders and
gaps (the pickers and the rotation editor are in prompts.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_label
from bot.core.local_time import format_short
from bot.core.rendering import Button, Reply, rows
from bot.rosters.duty import Hours, Shift
from bot.rosters.model import (
    DAY_KEYS,
    AddCover,
    AnswerSwap,
    Calendar,
    EditRotation,
    OfferSwap,
    OverrideState,
    PickHours,
)
from bot.rosters.rules import Duty
from storage.members import Group, Member
from storage.rosters import RosterOverride, Rotation


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return format_short(moment, zone)


def _name(people: Mapping[int, Member], member_id: int | None, t: Translator, lang: str) -> str:
    person = people.get(member_id) if member_id is not None else None
    return person.display_name if person is not None else str(t(lang, "roster.nobody"))


def hours_line(t: Translator, lang: str, hours: Hours, on_duty_first: bool) -> Safe:
    days = sorted(hours.weekdays)
    span = f"{t(lang, DAY_KEYS[days[0]])}–{t(lang, DAY_KEYS[days[-1]])}" if days else "—"
    key = "roster.hours" if on_duty_first else "roster.hours.everyone"
    return t(
        lang, key, days=span, start=hours.start.strftime("%H:%M"), end=hours.end.strftime("%H:%M")
    )


def duty_view(
    t: Translator,
    lang: str,
    group: Group,
    duties: Sequence[Duty],
    people: Mapping[int, Member],
    hours: Safe,
    zone: ZoneInfo,
    viewer: Member,
    editor: bool,
) -> Reply:
    lines: list[str] = [t(lang, "roster.title", group=group.name)]
    if not duties:
        lines.append(t(lang, "roster.none"))
    for duty in duties:
        sector = agency_label(t, lang, duty.rotation.agency)
        now, nxt = duty.now, duty.next
        key = "roster.line.covered" if now.covered else "roster.line"
        lines.append(
            t(
                lang,
                key,
                sector=Safe(sector),
                name=_name(people, now.member_id, t, lang),
                until=_when(now.ends_at, zone),
                next=_name(people, nxt.member_id, t, lang),
            )
        )
    lines += ["", hours]
    buttons: list[Button] = []
    for duty in duties:
        if viewer.id in duty.rotation.member_ids:
            buttons.append(Button.press(t(lang, "roster.button.swap"), OfferSwap(duty.rotation.id)))
            break
    if any(viewer.id in d.rotation.member_ids for d in duties):
        buttons.append(Button.press(t(lang, "roster.button.ics"), Calendar(group.id)))
    if editor:
        buttons.append(Button.press(t(lang, "roster.button.rotation"), EditRotation(group.id)))
        buttons.append(Button.press(t(lang, "roster.button.hours"), PickHours(group.id)))
        for duty in duties:
            label = t(
                lang, "roster.button.cover", sector=agency_label(t, lang, duty.rotation.agency)
            )
            buttons.append(Button.press(label, AddCover(duty.rotation.id)))
    return Reply(Safe("\n".join(lines)), rows(buttons, 1))


def cover_added(
    t: Translator, lang: str, cover: RosterOverride, name: str, zone: ZoneInfo
) -> Reply:
    return Reply(
        t(
            lang,
            "roster.cover.added",
            name=name,
            since=_when(cover.starts_at, zone),
            until=_when(cover.ends_at, zone),
        )
    )


def swap_offer(
    t: Translator,
    lang: str,
    offer: RosterOverride,
    offerer: Member,
    rotation: Rotation,
    zone: object,
) -> Reply:
    assert isinstance(zone, ZoneInfo)
    text = t(
        lang,
        "roster.swap.offer",
        name=offerer.display_name,
        since=_when(offer.starts_at, zone),
        until=_when(offer.ends_at, zone),
        sector=Safe(agency_label(t, lang, rotation.agency)),
    )
    buttons = (
        (
            Button.press(t(lang, "roster.swap.accept"), AnswerSwap(offer.id, 1)),
            Button.press(t(lang, "roster.swap.decline"), AnswerSwap(offer.id, 0)),
        ),
    )
    return Reply(text, buttons)


def swap_answer(
    t: Translator, lang: str, offer: RosterOverride, colleague: Member, zone: object
) -> Reply:
    assert isinstance(zone, ZoneInfo)
    accepted = offer.status == OverrideState.ACTIVE
    key = "roster.swap.accepted" if accepted else "roster.swap.declined"
    return Reply(t(lang, key, name=colleague.display_name, since=_when(offer.starts_at, zone)))


def shift_reminder(
    t: Translator, lang: str, rotation: Rotation, group: Group, shift: Shift, zone: ZoneInfo
) -> Reply:
    return Reply(
        t(
            lang,
            "roster.reminder",
            sector=Safe(agency_label(t, lang, rotation.agency)),
            group=group.name,
            since=_when(shift.starts_at, zone),
            until=_when(shift.ends_at, zone),
        )
    )


def gap_notice(
    t: Translator, lang: str, rotation: Rotation, group: Group, shift: Shift, zone: ZoneInfo
) -> Reply:
    return Reply(
        t(
            lang,
            "roster.gap",
            sector=Safe(agency_label(t, lang, rotation.agency)),
            group=group.name,
            since=_when(shift.starts_at, zone),
            until=_when(shift.ends_at, zone),
        )
    )

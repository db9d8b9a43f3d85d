"""Pure renderers for duty rosters: /duty, the rotation editor, covers, swaps, reminders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_label
from bot.core.rendering import Button, Reply, rows
from bot.rosters.duty import Hours, Shift
from bot.rosters.model import COVER_DAYS, HANDOVER_CHOICES, HoursPreset, Period
from bot.rosters.rules import Duty
from storage.members import Group, Member
from storage.rosters import RosterOverride, Rotation

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m %H:%M")


def _name(people: Mapping[int, Member], member_id: int | None, t: Translator, lang: str) -> str:
    person = people.get(member_id) if member_id is not None else None
    return person.display_name if person is not None else str(t(lang, "roster.nobody"))


def hours_line(t: Translator, lang: str, hours: Hours, on_duty_first: bool) -> Safe:
    days = sorted(hours.weekdays)
    span = (
        f"{t(lang, f'roster.day.{_DAYS[days[0]]}')}–{t(lang, f'roster.day.{_DAYS[days[-1]]}')}"
        if days
        else "—"
    )
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
            buttons.append(Button(t(lang, "roster.button.swap"), "rsw", str(duty.rotation.id)))
            break
    if any(viewer.id in d.rotation.member_ids for d in duties):
        buttons.append(Button(t(lang, "roster.button.ics"), "rcal", str(group.id)))
    if editor:
        buttons.append(Button(t(lang, "roster.button.rotation"), "rrot", str(group.id)))
        buttons.append(Button(t(lang, "roster.button.hours"), "rhrs", str(group.id)))
        for duty in duties:
            label = t(
                lang, "roster.button.cover", sector=agency_label(t, lang, duty.rotation.agency)
            )
            buttons.append(Button(label, "rcov", str(duty.rotation.id)))
    return Reply(Safe("\n".join(lines)), rows(buttons, 1))


def region_picker(t: Translator, lang: str, groups: Sequence[Group]) -> Reply:
    buttons = [Button(g.name, "rdut", str(g.id)) for g in groups]
    return Reply(t(lang, "roster.pick_region"), rows(buttons, 3))


def sector_picker(t: Translator, lang: str, group: Group, agencies: Sequence[str]) -> Reply:
    buttons = [
        Button(agency_label(t, lang, a), "f", f"roster_rotation.sector.{a}") for a in agencies
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
        Button(
            f"{chosen[m.id]}. {m.display_name}" if m.id in chosen else m.display_name,
            "f",
            f"roster_rotation.pick.m{m.id}",
        )
        for m in candidates
    ]
    periods = [
        Button(
            ("● " if p is period else "") + str(t(lang, f"roster.period.{p}")),
            "f",
            f"roster_rotation.pick.p{p}",
        )
        for p in Period
    ]
    hours = [
        Button(
            ("● " if h == handover else "") + h.strftime("%H:%M"),
            "f",
            f"roster_rotation.pick.h{h.hour:02d}{h.minute:02d}",
        )
        for h in HANDOVER_CHOICES
    ]
    save = Button(t(lang, "roster.rotation.save"), "f", "roster_rotation.pick.save")
    text = t(lang, "roster.rotation.prompt", sector=Safe(agency_label(t, lang, sector)))
    return Reply(
        text, (*rows(people, 2), tuple(periods), tuple(hours[:3]), tuple(hours[3:]), (save,))
    )


def cover_people(t: Translator, lang: str, candidates: Sequence[Member]) -> Reply:
    buttons = [Button(m.display_name, "f", f"roster_cover.member.{m.id}") for m in candidates]
    return Reply(t(lang, "roster.cover.who"), rows(buttons, 2))


def cover_start(t: Translator, lang: str) -> Reply:
    buttons = [
        Button(t(lang, f"roster.cover.start.{n}"), "f", f"roster_cover.start.{n}")
        for n in (0, 1, 2)
    ]
    return Reply(t(lang, "roster.cover.when"), rows(buttons, 3))


def cover_days(t: Translator, lang: str) -> Reply:
    buttons = [
        Button(t(lang, "roster.cover.days", days=n), "f", f"roster_cover.days.{n}")
        for n in COVER_DAYS
    ]
    return Reply(t(lang, "roster.cover.how_long"), rows(buttons, 3))


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


def swap_colleagues(
    t: Translator, lang: str, rotation: Rotation, colleagues: Sequence[Member]
) -> Reply:
    buttons = [Button(m.display_name, "rswo", f"{rotation.id}.{m.id}") for m in colleagues]
    return Reply(t(lang, "roster.swap.who"), rows(buttons, 2))


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
            Button(t(lang, "roster.swap.accept"), "rswa", f"{offer.id}.1"),
            Button(t(lang, "roster.swap.decline"), "rswa", f"{offer.id}.0"),
        ),
    )
    return Reply(text, buttons)


def swap_answer(
    t: Translator, lang: str, offer: RosterOverride, colleague: Member, zone: object
) -> Reply:
    assert isinstance(zone, ZoneInfo)
    key = "roster.swap.accepted" if offer.status == "active" else "roster.swap.declined"
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


def hours_picker(t: Translator, lang: str, group: Group) -> Reply:
    buttons = [
        Button(t(lang, f"roster.hours.preset.{p.value}"), "rhrp", f"{group.id}.{p.value}")
        for p in HoursPreset
    ]
    return Reply(t(lang, "roster.hours.pick", group=group.name), rows(buttons, 1))

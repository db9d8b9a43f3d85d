"""The rules of duty rosters: who may edit them, who is on duty when (rotations and their
covers), who answers an alert first, and what is stored with the alert. Setting a rotation,
covers, swaps and working hours each have their own module. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.permissions import Role
from bot.members.model import MemberStatus
from bot.rosters.duty import (
    Cover,
    Hours,
    Shift,
    Spec,
    handover_at,
    shift_at,
    within_hours,
)
from bot.rosters.model import (
    DEFAULT_HOURS,
    DEFAULT_WEEKDAYS,
    OverrideState,
)
from storage.meetings import MeetingChair
from storage.members import Group, Member, Membership
from storage.rosters import AlertOnDuty, RosterOverride, Rotation, WorkingHours


async def is_chair(session: AsyncSession, member: Member, group_id: int) -> bool:
    return await session.get(MeetingChair, (group_id, member.id)) is not None


async def may_edit(session: AsyncSession, member: Member, group_id: int) -> bool:
    """Coordinators edit every region's rosters; a chair their own region's."""
    if member.status != MemberStatus.ACTIVE:
        return False
    return member.role == Role.COORDINATOR or await is_chair(session, member, group_id)


async def rotation(session: AsyncSession, rotation_id: int) -> Rotation | None:
    return await session.get(Rotation, rotation_id)


async def rotation_for(session: AsyncSession, group_id: int, agency: str) -> Rotation | None:
    query = select(Rotation).where(Rotation.group_id == group_id, Rotation.agency == agency)
    return await session.scalar(query)


async def region_hours(session: AsyncSession, group_id: int, zone: ZoneInfo) -> tuple[Hours, bool]:
    return hours_of(await session.get(WorkingHours, group_id), zone)


async def rotations(session: AsyncSession, group_id: int) -> list[Rotation]:
    query = select(Rotation).where(Rotation.group_id == group_id).order_by(Rotation.agency)
    return list((await session.scalars(query)).all())


async def _active_ids(session: AsyncSession, ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    query = select(Member.id).where(Member.id.in_(list(ids)), Member.status == MemberStatus.ACTIVE)
    return set((await session.scalars(query)).all())


async def spec_of(session: AsyncSession, rotation: Rotation) -> Spec:
    active = await _active_ids(session, rotation.member_ids)
    return Spec(
        tuple(m if m in active else None for m in rotation.member_ids),
        rotation.period_days,
        time(rotation.handover_minute // 60, rotation.handover_minute % 60),
        rotation.starts_on,
        ZoneInfo(rotation.zone),
    )


async def covers_of(session: AsyncSession, rotation: Rotation, since: datetime) -> list[Cover]:
    query = (
        select(RosterOverride)
        .where(
            RosterOverride.rotation_id == rotation.id,
            RosterOverride.status == OverrideState.ACTIVE,
            RosterOverride.ends_at > since,
        )
        .order_by(RosterOverride.created_at, RosterOverride.id)
    )
    rows = (await session.scalars(query)).all()
    return [Cover(r.member_id, r.replaces_member_id, r.starts_at, r.ends_at) for r in rows]


@dataclass(frozen=True)
class Duty:
    rotation: Rotation
    now: Shift
    next: Shift


async def duty(session: AsyncSession, rotation: Rotation, at: datetime) -> Duty:
    spec = await spec_of(session, rotation)
    covers = await covers_of(session, rotation, at)
    current = shift_at(spec, covers, at)
    return Duty(rotation, current, shift_at(spec, covers, current.ends_at))


async def sector_members(session: AsyncSession, group_id: int, agency: str) -> list[Member]:
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group_id, Member.agency == agency)
        .where(Member.status == MemberStatus.ACTIVE)
        .where(Member.role != Role.COORDINATOR)
        .order_by(Member.display_name, Member.id)
    )
    return list((await session.scalars(query)).all())


def hours_of(row: WorkingHours | None, zone: ZoneInfo) -> tuple[Hours, bool]:
    """A region's working hours and whether, outside them, the on-duty member goes first."""
    if row is None:
        return Hours(DEFAULT_WEEKDAYS, *DEFAULT_HOURS, zone), True
    start = time(row.start_minute // 60, row.start_minute % 60)
    end = time(row.end_minute // 60, row.end_minute % 60)
    return Hours(frozenset(row.weekdays), start, end, zone), row.on_duty_first


@dataclass(frozen=True)
class FirstResponders:
    members: list[Member]  # who the alert goes to first
    on_duty: list[tuple[Member, str]]  # who was on duty in each routed sector
    outside_hours: bool


async def first_responders(
    session: AsyncSession,
    group: Group,
    routed: Sequence[Member],
    urgent: bool,
    now: datetime,
    zone: ZoneInfo,
) -> FirstResponders:
    """Within working hours, everyone routed; outside them an urgent alert goes to the member
    on duty of each routed sector that keeps a rotation (sectors without one: everyone)."""
    hours, on_duty_first = await region_hours(session, group.id, zone)
    outside = not within_hours(hours, now)
    by_agency = {r.agency: r for r in await rotations(session, group.id)}
    on_duty: list[tuple[Member, str]] = []
    first: list[Member] = []
    for agency in dict.fromkeys(m.agency for m in routed):
        sector = [m for m in routed if m.agency == agency]
        rotation = by_agency.get(agency)
        who = (await duty(session, rotation, now)).now.member_id if rotation else None
        person = next((m for m in sector if m.id == who), None)
        if person is not None:
            on_duty.append((person, agency))
        narrow = urgent and outside and on_duty_first and person is not None
        first += [person] if narrow and person is not None else sector
    return FirstResponders(first, on_duty, outside)


def remember(session: AsyncSession, alert_id: int, found: FirstResponders) -> None:
    for member, agency in found.on_duty:
        session.add(
            AlertOnDuty(
                alert_id=alert_id,
                member_id=member.id,
                agency=agency,
                outside_hours=found.outside_hours,
            )
        )


async def member_rotations(session: AsyncSession, member: Member) -> list[Rotation]:
    query = select(Rotation).where(Rotation.agency == member.agency)
    found = (await session.scalars(query)).all()
    return [r for r in found if member.id in r.member_ids]


def handover(spec: Spec, day: date) -> datetime:
    """The hand-over instant of a local day: covers begin and end at hand-overs."""
    return handover_at(spec, day)


async def region_members(session: AsyncSession, group_id: int) -> list[Member]:
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group_id, Member.status == MemberStatus.ACTIVE)
        .where(Member.role != Role.COORDINATOR)
    )
    return list((await session.scalars(query)).all())


ROSTER_AUDIENCES = ("on_duty", "on_duty_next", "sector", "chair")


async def escalation_audience(
    session: AsyncSession,
    group: Group,
    sectors: Sequence[str],
    kinds: set[str],
    now: datetime,
) -> list[Member]:
    """Whom an escalation step reaches through the roster: for each routed sector, the member
    on duty now ("on_duty"), the next in its rotation ("on_duty_next"), or all its members
    ("sector"); and the region's chairs ("chair"). Sectors without a rotation: everyone."""
    found: dict[int, Member] = {}
    by_agency = {r.agency: r for r in await rotations(session, group.id)}
    for agency in sectors:
        people = {m.id: m for m in await sector_members(session, group.id, agency)}
        rotation = by_agency.get(agency)
        if "sector" in kinds or (rotation is None and kinds & {"on_duty", "on_duty_next"}):
            found.update(people)
            continue
        if rotation is None:
            continue
        current = await duty(session, rotation, now)
        for kind, shift in (("on_duty", current.now), ("on_duty_next", current.next)):
            if kind in kinds and shift.member_id in people:
                found[shift.member_id] = people[shift.member_id]
    if "chair" in kinds:
        query = (
            select(Member)
            .join(MeetingChair, MeetingChair.member_id == Member.id)
            .where(MeetingChair.group_id == group.id, Member.status == MemberStatus.ACTIVE)
        )
        found.update({m.id: m for m in (await session.scalars(query)).all()})
    return list(found.values())

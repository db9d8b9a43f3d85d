"""What /duty shows of a region: who is on duty now and next per sector, the region's hours,
whether the viewer may edit it; and one's own shifts for the calendar file. No Telegram here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.permissions import Role
from bot.members import directory
from bot.rosters.duty import Hours, Shift, shifts
from bot.rosters.rules import (
    Duty,
    covers_of,
    duty,
    may_edit,
    member_rotations,
    region_hours,
    region_members,
    rotations,
    spec_of,
)
from storage.members import Group, Member


@dataclass(frozen=True)
class Board:
    duties: Sequence[Duty]
    people: Mapping[int, Member]  # everyone named on it
    hours: Hours
    on_duty_first: bool
    editor: bool  # the viewer may edit the region's rosters


async def board(
    session: AsyncSession, group: Group, viewer: Member, now: datetime, zone: ZoneInfo
) -> Board:
    duties = [await duty(session, r, now) for r in await rotations(session, group.id)]
    ids = {i for d in duties for i in (d.now.member_id, d.next.member_id) if i is not None}
    people = {i: m for i in ids if (m := await directory.by_id(session, i)) is not None}
    hours, first = await region_hours(session, group.id, zone)
    editor = await may_edit(session, viewer, group.id)
    return Board(duties, people, hours, first, editor)


async def region(session: AsyncSession, member: Member, group_id: int) -> Group | None:
    """The region a button names, if the member may look at it: their own, or any for a
    coordinator."""
    group = await session.get(Group, group_id)
    if group is None:
        return None
    mine = member.role == Role.COORDINATOR or any(g.id == group.id for g in member.groups)
    return group if mine else None


def home_region(member: Member) -> Group | None:
    """The region /duty shows at once; None for a coordinator or one without a region."""
    regions = [g for g in member.groups if g.kind == "committee"]
    return None if member.role == Role.COORDINATOR or not regions else regions[0]


async def region_sectors(session: AsyncSession, group_id: int) -> list[str]:
    """The sectors of a region's members (a rotation is kept per sector)."""
    return sorted({m.agency for m in await region_members(session, group_id)})


async def my_shifts(
    session: AsyncSession, member: Member, now: datetime, until: datetime
) -> list[tuple[Shift, str, int]]:
    """The member's own shifts until then, each with its sector and rotation."""
    mine: list[tuple[Shift, str, int]] = []
    for found in await member_rotations(session, member):
        spec = await spec_of(session, found)
        covers = await covers_of(session, found, now)
        mine += [
            (s, found.agency, found.id)
            for s in shifts(spec, covers, now, until)
            if s.member_id == member.id
        ]
    return mine

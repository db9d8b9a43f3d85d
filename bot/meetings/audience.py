"""Who may convene a roundtable of whom, and who is invited.

Coordinators convene any group or everyone; a chair (meeting_chairs) only the groups they
chair. The check runs again when the notice is sent, not only when the picker is drawn, so
a chair relieved half-way or a crafted press never reaches a group they may not convene.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.permissions import Role
from bot.members import directory
from storage.meetings import MeetingChair
from storage.members import Group, Member, Membership

EVERYONE = "all"


def audience_of(chosen: Sequence[str]) -> dict[str, Any]:
    """The picker's ticks (group ids, or "all") as the meeting's stored audience."""
    return {
        "all": EVERYONE in chosen,
        "groups": sorted({int(g) for g in chosen if g != EVERYONE}),
    }


async def convenable_groups(session: AsyncSession, member: Member) -> list[Group]:
    """Coordinators convene any group; a chair only the groups they chair."""
    if member.role == Role.COORDINATOR:
        return list(await directory.all_groups(session))
    query = (
        select(Group)
        .join(MeetingChair, MeetingChair.group_id == Group.id)
        .where(MeetingChair.member_id == member.id)
        .order_by(Group.name)
    )
    return list((await session.scalars(query)).all())


def may_pick(member: Member, value: str, groups: Sequence[Group]) -> bool:
    """One tick on the picker: "everyone" is for coordinators; a group must be convenable."""
    if value == EVERYONE:
        return member.role == Role.COORDINATOR
    return value in {str(g.id) for g in groups}


async def may_convene(session: AsyncSession, member: Member, audience: dict[str, Any]) -> bool:
    if member.status != "active":
        return False
    if member.role == Role.COORDINATOR:
        return bool(audience.get("all") or audience.get("groups"))
    allowed = {g.id for g in await convenable_groups(session, member)}
    wanted = set(audience.get("groups", []))
    return not audience.get("all") and bool(wanted) and wanted <= allowed


async def audience_members(
    session: AsyncSession, audience: dict[str, Any], organiser_id: int
) -> list[Member]:
    """Active members of the invited groups (or everyone), the organiser aside."""
    query = select(Member).where(Member.status == "active", Member.id != organiser_id)
    if not audience.get("all"):
        in_groups = select(Membership.member_id).where(
            Membership.group_id.in_(audience.get("groups", []))
        )
        query = query.where(Member.id.in_(in_groups))
    return list((await session.scalars(query.order_by(Member.display_name))).all())

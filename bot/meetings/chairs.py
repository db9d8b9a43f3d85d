"""Roundtable chairs: members a coordinator lets convene their group's roundtables.

There is no chair in the membership model; this small table is the meetings feature's own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from storage.meetings import MeetingChair
from storage.members import Group, Member


async def set_chair(
    session: AsyncSession, now: datetime, actor: Member, member: Member, group: Group
) -> bool:
    """Toggle: appoints the member chair of the group, or relieves them; True if appointed."""
    existing = await session.get(MeetingChair, (group.id, member.id))
    if existing is not None:
        await session.delete(existing)
    else:
        session.add(
            MeetingChair(
                group_id=group.id,
                member_id=member.id,
                appointed_by_member_id=actor.id,
                created_at=now,
            )
        )
    audit.record(
        session,
        now,
        "meeting.chair_removed" if existing else "meeting.chair_appointed",
        actor_member_id=actor.id,
        subject=("member", member.id),
        group=group.slug,
    )
    return existing is None


async def chairs(session: AsyncSession) -> list[tuple[Group, Member]]:
    query = (
        select(Group, Member)
        .join(MeetingChair, MeetingChair.group_id == Group.id)
        .join(Member, Member.id == MeetingChair.member_id)
        .order_by(Group.name, Member.display_name)
    )
    return [(g, m) for g, m in (await session.execute(query)).all()]


async def chairs_any(session: AsyncSession, member: Member) -> bool:
    """Whether the member chairs some group's roundtables (so /help offers /meeting)."""
    query = select(MeetingChair.member_id).where(MeetingChair.member_id == member.id).limit(1)
    return (await session.scalar(query)) is not None

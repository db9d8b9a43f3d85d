"""A roundtable that moves: a move within the same local day keeps the answers; a move to
another day asks everyone again, keeping the earlier answer visible until they answer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.meetings import MeetingInvitee


def same_day(before: datetime, after: datetime, zone: ZoneInfo) -> bool:
    """A move within the same local day keeps the answers; another day asks again."""
    return before.astimezone(zone).date() == after.astimezone(zone).date()


async def ask_again(session: AsyncSession, meeting_id: int) -> None:
    """Who answered for the old day answers again; their old answer stays visible."""
    invitees = await session.scalars(
        select(MeetingInvitee).where(
            MeetingInvitee.meeting_id == meeting_id, MeetingInvitee.response.is_not(None)
        )
    )
    for invitee in invitees.all():
        invitee.previous_response, invitee.response = invitee.response, None
        invitee.responded_at = None

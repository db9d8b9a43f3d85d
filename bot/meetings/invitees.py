"""Who is invited to a roundtable and what each answered: the rows every card is drawn from,
and the tallies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings.model import Response
from storage.meetings import MeetingInvitee
from storage.members import Member


@dataclass(frozen=True)
class Tally:
    yes: int = 0
    no: int = 0
    maybe: int = 0
    pending: int = 0


@dataclass(frozen=True)
class Answer:
    member: Member
    invitee: MeetingInvitee


async def answers(session: AsyncSession, meeting_id: int) -> list[Answer]:
    query = (
        select(Member, MeetingInvitee)
        .join(MeetingInvitee, MeetingInvitee.member_id == Member.id)
        .where(MeetingInvitee.meeting_id == meeting_id)
        .order_by(Member.display_name, Member.id)
    )
    return [Answer(m, i) for m, i in (await session.execute(query)).all()]


def tally(rows: Sequence[Answer]) -> Tally:
    found = [r.invitee.response for r in rows]
    return Tally(
        found.count(Response.YES),
        found.count(Response.NO),
        found.count(Response.MAYBE),
        found.count(None),
    )

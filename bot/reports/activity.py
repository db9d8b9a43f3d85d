"""The report's figures about people: roundtables, follow-ups, the exchange, membership.

Queries over the stored meetings, invitees, actions, exchange entries and members; a count
of people is never a list of their names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.members.model import MemberStatus
from bot.reports.model import Exchanged, FollowUps, GroupMeetings, RegionMembers
from storage.exchange import ExchangeEntry
from storage.meetings import Meeting, MeetingAction, MeetingInvitee
from storage.members import AccessRequest, Group, Member, Membership, Organisation

EXCHANGED = ("update", "reply")
OTHER_TOPIC = "other"


async def meetings(
    session: AsyncSession, groups: Sequence[Group], start: datetime, end: datetime
) -> tuple[list[GroupMeetings], int]:
    """Per group: roundtables held (begun by `end`, not cancelled), and its members' answers;
    and how many roundtables were held in all."""
    result = {g.id: GroupMeetings(g.slug, g.name) for g in groups}
    held = select(Meeting.id, Meeting.audience).where(
        Meeting.status != "cancelled", Meeting.starts_at >= start, Meeting.starts_at < end
    )
    ids = []
    for meeting_id, audience in await session.execute(held):
        ids.append(meeting_id)
        for group_id in result if audience.get("all") else audience.get("groups", []):
            if group_id in result:
                result[group_id].held += 1
    if ids:
        answered = func.count(MeetingInvitee.responded_at)
        attended = func.sum(case((MeetingInvitee.attended.is_(True), 1), else_=0))
        rows = await session.execute(
            select(Membership.group_id, func.count(), answered, attended)
            .join(Membership, Membership.member_id == MeetingInvitee.member_id)
            .where(MeetingInvitee.meeting_id.in_(ids))
            .group_by(Membership.group_id)
        )
        for group_id, invited, answers, present in rows:
            if group_id in result:
                found = result[group_id]
                found.invited, found.answered, found.attended = invited, answers, present or 0
    return list(result.values()), len(ids)


async def follow_ups(
    session: AsyncSession, start: datetime, end: datetime, now: datetime
) -> FollowUps:
    """Actions due in the period: done by the due time, late (done after, or still open
    after it), or open and not yet due."""
    rows = await session.execute(
        select(MeetingAction.status, MeetingAction.due_at, MeetingAction.done_at).where(
            MeetingAction.due_at >= start, MeetingAction.due_at < end
        )
    )
    on_time = late = waiting = 0
    for status, due, done in rows:
        if status == "done" and done is not None:
            on_time += done <= due
            late += done > due
        elif due < now:
            late += 1
        else:
            waiting += 1
    return FollowUps(on_time, late, waiting)


def _entries(
    start: datetime, end: datetime, column: InstrumentedAttribute[str | None]
) -> Select[str | None, str, int]:
    return (
        select(column, ExchangeEntry.kind, func.count())
        .where(
            ExchangeEntry.kind.in_(EXCHANGED),
            ExchangeEntry.version == 1,  # an edit is a new row, not a new update
            ExchangeEntry.created_at >= start,
            ExchangeEntry.created_at < end,
        )
        .group_by(column, ExchangeEntry.kind)
    )


async def organisations(session: AsyncSession, start: datetime, end: datetime) -> list[Exchanged]:
    """Every organisation with an active member, silent ones included, busiest first."""
    active = await session.scalars(
        select(Organisation.name)
        .join(Member, Member.organisation_id == Organisation.id)
        .where(Member.status == MemberStatus.ACTIVE)
        .distinct()
    )
    found = {name: Exchanged(name) for name in active}
    for name, kind, n in await session.execute(_entries(start, end, ExchangeEntry.organisation)):
        if name is None:
            continue
        entry = found.setdefault(name, Exchanged(name))
        entry.updates += n if kind == "update" else 0
        entry.replies += n if kind == "reply" else 0
    return sorted(found.values(), key=lambda o: (-o.updates - o.replies, o.name))


async def topics(session: AsyncSession, start: datetime, end: datetime) -> list[Exchanged]:
    found: dict[str, Exchanged] = {}
    for topic, kind, n in await session.execute(_entries(start, end, ExchangeEntry.topic)):
        entry = found.setdefault(topic or OTHER_TOPIC, Exchanged(topic or OTHER_TOPIC))
        entry.updates += n if kind == "update" else 0
        entry.replies += n if kind == "reply" else 0
    return sorted(found.values(), key=lambda o: (-o.updates - o.replies, o.name))


async def members(session: AsyncSession, groups: Sequence[Group]) -> list[RegionMembers]:
    """Active members of each region by sector (agency), and how many Ura cannot reach."""
    result = {g.id: RegionMembers(g.slug, g.name) for g in groups}
    unreachable = func.sum(case((Member.reachable.is_(False), 1), else_=0))
    rows = await session.execute(
        select(Membership.group_id, Member.agency, func.count(), unreachable)
        .join(Member, Member.id == Membership.member_id)
        .where(Member.status == MemberStatus.ACTIVE)
        .group_by(Membership.group_id, Member.agency)
    )
    by_sector: dict[int, dict[str, int]] = defaultdict(dict)
    for group_id, agency, n, lost in rows:
        region = result.get(group_id)
        if region is None:
            continue
        region.members += n
        region.unreachable += lost or 0
        by_sector[group_id][agency] = n
    for group_id, region in result.items():
        region.by_sector = dict(sorted(by_sector[group_id].items()))
    return list(result.values())


async def pending_requests(session: AsyncSession) -> int:
    query = select(func.count()).where(AccessRequest.status == "pending")
    return int(await session.scalar(query.select_from(AccessRequest)) or 0)

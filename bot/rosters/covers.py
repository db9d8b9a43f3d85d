"""Covers: a chair or coordinator lets one member take a rotation's shifts for some days
(holiday, sickness). No Telegram here."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.rosters.model import (
    COVER_DAYS,
    COVER_STARTS,
    CoverStep,
    OverrideState,
    Reason,
    RosterRefused,
)
from bot.rosters.rules import handover, may_edit, sector_members, spec_of
from storage.members import Member
from storage.rosters import RosterOverride, Rotation


async def add_cover(
    session: AsyncSession,
    now: datetime,
    actor: Member,
    rotation: Rotation,
    member_id: int,
    starts_at: datetime,
    ends_at: datetime,
) -> RosterOverride:
    """A chair or coordinator lets one member cover the rotation for a span."""
    if not await may_edit(session, actor, rotation.group_id):
        raise RosterRefused("roster.not_allowed")
    allowed = {m.id for m in await sector_members(session, rotation.group_id, rotation.agency)}
    if member_id not in allowed or not now - timedelta(days=1) <= starts_at < ends_at:
        raise RosterRefused("roster.cover.invalid")
    cover = RosterOverride(
        rotation_id=rotation.id,
        member_id=member_id,
        replaces_member_id=None,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=Reason.COVER,
        status=OverrideState.ACTIVE,
        created_by_member_id=actor.id,
        created_at=now,
    )
    session.add(cover)
    await session.flush()
    audit.record(
        session,
        now,
        "roster.cover_added",
        actor_member_id=actor.id,
        subject=("roster_override", cover.id),
        member=member_id,
    )
    return cover


async def choices(session: AsyncSession, rotation: Rotation, step: str) -> set[str]:
    """The answers each step of the cover form takes."""
    if step == CoverStep.MEMBER:
        people = await sector_members(session, rotation.group_id, rotation.agency)
        return {str(m.id) for m in people}
    if step == CoverStep.START:
        return {str(n) for n in COVER_STARTS}
    return {str(n) for n in COVER_DAYS}


async def span(
    session: AsyncSession,
    rotation: Rotation,
    now: datetime,
    zone: ZoneInfo,
    start_in_days: int,
    days: int,
) -> tuple[datetime, datetime]:
    """A cover runs from a hand-over (not before now) to the hand-over `days` later."""
    spec = await spec_of(session, rotation)
    day = now.astimezone(zone).date() + timedelta(days=start_in_days)
    return max(now, handover(spec, day)), handover(spec, day + timedelta(days=days))

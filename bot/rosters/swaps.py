"""Swaps: a member offers their next shift to a colleague of the rotation; nothing changes
until the colleague accepts. No Telegram here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.members.model import MemberStatus
from bot.rosters.model import (
    OverrideState,
    Reason,
    RosterRefused,
)
from bot.rosters.rules import duty, sector_members
from storage.members import Member
from storage.rosters import RosterOverride, Rotation


async def offer_swap(
    session: AsyncSession, now: datetime, member: Member, rotation: Rotation, colleague_id: int
) -> RosterOverride:
    """A member offers their next shift to a colleague of the rotation; nothing changes until
    the colleague accepts."""
    current = await duty(session, rotation, now)
    mine = current.now if current.now.member_id == member.id else current.next
    if mine.member_id != member.id:
        raise RosterRefused("roster.swap.no_shift")
    if colleague_id == member.id or colleague_id not in rotation.member_ids:
        raise RosterRefused("roster.swap.invalid")
    offer = RosterOverride(
        rotation_id=rotation.id,
        member_id=colleague_id,
        replaces_member_id=member.id,
        starts_at=max(mine.starts_at, now),
        ends_at=mine.ends_at,
        reason=Reason.SWAP,
        status=OverrideState.OFFERED,
        created_by_member_id=member.id,
        created_at=now,
    )
    session.add(offer)
    await session.flush()
    audit.record(
        session,
        now,
        "roster.swap_offered",
        actor_member_id=member.id,
        subject=("roster_override", offer.id),
        to=colleague_id,
    )
    return offer


async def answer_swap(
    session: AsyncSession, now: datetime, member: Member, offer_id: int, accept: bool
) -> RosterOverride:
    """Only the colleague it was offered to decides; once."""
    offer = await session.get(RosterOverride, offer_id)
    if offer is None or offer.member_id != member.id or member.status != MemberStatus.ACTIVE:
        raise RosterRefused("roster.swap.not_yours")
    if offer.status != OverrideState.OFFERED or offer.ends_at <= now:
        raise RosterRefused("roster.swap.closed")
    offer.status = OverrideState.ACTIVE if accept else OverrideState.DECLINED
    audit.record(
        session,
        now,
        "roster.swap_accepted" if accept else "roster.swap_declined",
        actor_member_id=member.id,
        subject=("roster_override", offer.id),
    )
    return offer


async def colleagues(session: AsyncSession, rotation: Rotation, member: Member) -> list[Member]:
    """Whom a member may offer a shift to: the others of the rotation."""
    people = await sector_members(session, rotation.group_id, rotation.agency)
    return [m for m in people if m.id in rotation.member_ids and m.id != member.id]

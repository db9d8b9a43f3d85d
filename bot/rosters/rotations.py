"""Setting a sector's rotation: who takes turns, daily or weekly, and the hand-over hour;
only a chair of the region or a coordinator. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.rosters.model import (
    Period,
    RosterRefused,
)
from bot.rosters.rules import may_edit, rotation_for, sector_members
from storage.members import Group, Member
from storage.outbox import OutboxMessage
from storage.rosters import Rotation


async def set_rotation(
    session: AsyncSession,
    now: datetime,
    actor: Member,
    group: Group,
    agency: str,
    member_ids: Sequence[int],
    period: Period,
    handover: time,
    zone: ZoneInfo,
) -> Rotation:
    """Create or replace a sector's rotation; it starts at today's hand-over."""
    if not await may_edit(session, actor, group.id):
        raise RosterRefused("roster.not_allowed")
    allowed = {m.id for m in await sector_members(session, group.id, agency)}
    if (
        not member_ids
        or any(m not in allowed for m in member_ids)
        or len(set(member_ids)) != len(member_ids)
    ):
        raise RosterRefused("roster.rotation.members_invalid")
    rotation = await session.scalar(
        select(Rotation).where(Rotation.group_id == group.id, Rotation.agency == agency)
    )
    if rotation is None:
        rotation = Rotation(group_id=group.id, agency=agency)
        session.add(rotation)
    rotation.member_ids = list(member_ids)
    rotation.period_days = period.days
    rotation.handover_minute = handover.hour * 60 + handover.minute
    today = now.astimezone(zone).date()  # the first shift is the one running now
    rotation.starts_on = (
        today if now >= datetime.combine(today, handover, zone) else (today - timedelta(days=1))
    )
    rotation.zone = zone.key
    rotation.updated_by_member_id = actor.id
    rotation.updated_at = now
    await session.flush()
    audit.record(
        session,
        now,
        "roster.rotation_set",
        actor_member_id=actor.id,
        subject=("rotation", rotation.id),
        group=group.slug,
        agency=agency,
        members=list(member_ids),
        period=str(period),
    )
    return rotation


async def editor_message(session: AsyncSession, data: dict[str, Any]) -> OutboxMessage | None:
    """The rotation editor's message, edited in place with every tap."""
    return await session.get(OutboxMessage, int(data.get("picker") or 0))


async def order_of(session: AsyncSession, group_id: int, agency: str) -> list[int]:
    """The order a sector's rotation keeps now (empty when it has none yet)."""
    existing = await rotation_for(session, group_id, agency)
    return list(existing.member_ids) if existing is not None else []

"""A region's working hours, picked from presets: outside them an urgent alert goes to the
member on duty first. No Telegram here."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.rosters.model import (
    DEFAULT_WEEKDAYS,
    HoursPreset,
    RosterRefused,
)
from bot.rosters.rules import may_edit
from storage.members import Group, Member
from storage.rosters import WorkingHours

PRESETS: dict[HoursPreset, tuple[frozenset[int], time, time, bool]] = {
    HoursPreset.OFFICE: (DEFAULT_WEEKDAYS, time(8), time(16), True),
    HoursPreset.LONG: (DEFAULT_WEEKDAYS, time(8), time(20), True),
    HoursPreset.WEEK: (frozenset(range(7)), time(8), time(20), True),
    HoursPreset.NIGHTS_ONLY: (frozenset(range(7)), time(8), time(16), True),
    HoursPreset.EVERYONE: (DEFAULT_WEEKDAYS, time(8), time(16), False),
}


async def set_hours(
    session: AsyncSession, now: datetime, actor: Member, group: Group, preset: HoursPreset
) -> WorkingHours:
    """A region's working hours, from a preset (audited)."""
    if not await may_edit(session, actor, group.id):
        raise RosterRefused("roster.not_allowed")
    weekdays, start, end, first = PRESETS[preset]
    row = await session.get(WorkingHours, group.id)
    if row is None:
        row = WorkingHours(group_id=group.id)
        session.add(row)
    row.weekdays = sorted(weekdays)
    row.start_minute, row.end_minute = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    row.on_duty_first, row.updated_at = first, now
    audit.record(
        session,
        now,
        "roster.hours_set",
        actor_member_id=actor.id,
        subject=("group", group.id),
        preset=str(preset),
    )
    return row

"""Which part of the log a person asks for, and whether they may read it: the group of
/history and /search, and the scope of /export (coordinators: any group or all; Advisory
Group members: their own group's records; an alert's entries only for its audience)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.permissions import Role
from bot.exchange.export import Scope
from bot.exchange.search import day_bounds
from bot.log import entries
from bot.log.readers import readable_by
from bot.members import directory
from storage.members import Member


@dataclass(frozen=True)
class Reading:
    """The groups to filter on (None: what the reader may read, decided per entry), the
    group's name (None: "mine") and its id (0: mine), for the next page's button."""

    group_ids: list[int] | None
    name: str | None
    group_id: int


MINE = Reading(None, None, 0)


async def for_reading(session: AsyncSession, member: Member, name: str) -> Reading | None:
    """The group a reader names ("#durres", "Durrës"), or all of theirs when none is named;
    None when there is no such group or they may not see it."""
    if not name.strip():
        return MINE
    allowed = entries.visible_groups(member)
    group = await directory.find_group(session, name.lstrip("#"))
    if group is None or (allowed is not None and group.id not in allowed):
        return None
    return Reading([group.id], group.name, group.id)


class Refused(StrEnum):
    UNKNOWN = "unknown"  # no such group
    NOT_ALLOWED = "not_allowed"  # not a coordinator, nor asking for their Advisory Group


async def for_export(
    session: AsyncSession, member: Member, name: str, days: Sequence[date], zone: ZoneInfo
) -> Scope | Refused:
    group = await directory.find_group(session, name) if name else None
    if name and group is None:
        return Refused.UNKNOWN
    if member.role != Role.COORDINATOR:
        advisory = next((g for g in member.groups if g.kind == "advisory"), None)
        if advisory is None or (group is not None and group.id != advisory.id):
            return Refused.NOT_ALLOWED
        group = advisory
    since, until = day_bounds(days, zone)
    label = group.slug if group else "all"
    readable = readable_by(member)  # an alert's entries only for its audience
    return Scope([group.id] if group else None, since, until, label, readable)

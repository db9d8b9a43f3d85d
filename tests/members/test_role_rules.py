"""Role changes: a coordinator never demotes themselves, and two coordinators demoting each
other at the same moment leave one (rows locked on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""

import asyncio
from datetime import UTC, datetime

from bot.core.permissions import Role
from bot.members import directory, roles
from bot.members.roles import RoleChange
from storage.db import SessionFactory

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


async def test_two_coordinators_demoting_each_other_at_once_leave_one(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        await directory.ensure_coordinators(session, NOW, [11, 12])

    async def demote(actor_tid: int, target_tid: int) -> RoleChange:
        async with sessions.begin() as session:
            actor = await directory.by_telegram_id(session, actor_tid)
            target = await directory.by_telegram_id(session, target_tid)
            assert actor is not None
            assert target is not None
            await asyncio.sleep(0.05)  # both have read before either writes
            return await roles.change_role(session, NOW, actor, target, Role.COMMITTEE)

    outcomes = await asyncio.gather(demote(11, 12), demote(12, 11))
    assert outcomes.count(RoleChange.CHANGED) == 1
    async with sessions() as session:
        assert await roles.active_coordinators(session) == 1


async def test_a_coordinator_does_not_demote_themselves(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await directory.ensure_coordinators(session, NOW, [11, 12])
        me = await directory.by_telegram_id(session, 11)
        assert me is not None
        assert await roles.change_role(session, NOW, me, me, Role.NGO) == RoleChange.SELF
        assert me.role == Role.COORDINATOR

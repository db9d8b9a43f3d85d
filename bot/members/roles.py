"""Changing a member's role: only a coordinator does it, audited, and Ura always keeps at
least one active coordinator; a coordinator is demoted only by another one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.core.permissions import Role
from bot.members import directory
from bot.members.model import MemberStatus
from storage.members import Member


class RoleChange(StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    SELF = "self"  # a coordinator does not demote themselves: another one must
    LAST = "last"  # the last active coordinator stays one
    NOT_ALLOWED = "not_allowed"  # the actor is not an active coordinator


OUTCOME_KEYS = {  # what each outcome says, spelled out so the catalog check sees them
    RoleChange.CHANGED: "audience.role.changed",
    RoleChange.UNCHANGED: "audience.role.unchanged",
    RoleChange.SELF: "audience.role.self",
    RoleChange.LAST: "audience.role.last",
    RoleChange.NOT_ALLOWED: "audience.role.not_allowed",
}


async def active_coordinators(session: AsyncSession) -> int:
    """Counted with the rows locked (PostgreSQL), so two coordinators demoting each other at
    the same moment cannot leave none."""
    query = (
        select(Member.id)
        .where(Member.role == Role.COORDINATOR, Member.status == MemberStatus.ACTIVE)
        .with_for_update()
    )
    return len((await session.scalars(query)).all())


async def change_role(
    session: AsyncSession, now: datetime, actor: Member, member: Member, role: Role
) -> RoleChange:
    """Set `member`'s role to `role` on an active coordinator's word (audited)."""
    if actor.role != Role.COORDINATOR or actor.status != MemberStatus.ACTIVE:
        return RoleChange.NOT_ALLOWED
    if member.role == role:
        return RoleChange.UNCHANGED
    if member.role == Role.COORDINATOR:
        if member.id == actor.id:
            return RoleChange.SELF
        if member.status == MemberStatus.ACTIVE and await active_coordinators(session) <= 1:
            return RoleChange.LAST
    before = member.role
    member.role, member.updated_at = role, now
    await directory.forget_forms(session, member)  # a form begun under the old role is not finished
    audit.record(
        session,
        now,
        "member.role_changed",
        actor_member_id=actor.id,
        subject=("member", member.id),
        before=before,
        after=str(role),
    )
    return RoleChange.CHANGED

"""Groups a coordinator makes (a working group, a task force) and who is in which group.

The twelve committees and the Advisory Group come with the first migration; everything
here is audited, and the Advisory Group's limit of organisations still holds.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.core.text import clean_line, fold
from bot.members import directory
from bot.members.model import GroupOp
from storage.members import Group, Member, Membership

NAME_MAX = 80


class GroupRefused(Exception):
    """Why a group change can't be made: a catalog key suffix ('name', 'exists')."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def key(self) -> str:
        return {"name": "group.refused.name", "exists": "group.refused.exists"}[self.reason]


SLUG_MAX = 64  # groups.slug: a name may be 80 characters, so its slug is cut to fit


async def _free_slug(session: AsyncSession, slug: str) -> str:
    """The slug, or with -2, -3 … when a cut one is taken already (two long, alike names)."""
    candidate, n = slug, 2
    while await session.scalar(select(Group.id).where(Group.slug == candidate)) is not None:
        suffix = f"-{n}"
        candidate, n = slug[: SLUG_MAX - len(suffix)] + suffix, n + 1
    return candidate


async def create(session: AsyncSession, now: datetime, actor: Member, name: str) -> Group:
    cleaned = clean_line(name, NAME_MAX)
    slug = fold(cleaned or "").replace(" ", "-")[:SLUG_MAX]
    if cleaned is None or not slug:
        raise GroupRefused("name")
    if await directory.find_group(session, cleaned) is not None:
        raise GroupRefused("exists")
    slug = await _free_slug(session, slug)
    group = Group(slug=slug, name=cleaned, kind="custom", max_organisations=None, created_at=now)
    session.add(group)
    await session.flush()
    audit.record(
        session,
        now,
        "group.created",
        actor_member_id=actor.id,
        subject=("group", group.id),
        name=cleaned,
    )
    return group


async def add(
    session: AsyncSession, now: datetime, actor: Member, member: Member, group: Group
) -> bool:
    """False when already in; raises directory.GroupFull past the Advisory Group's limit."""
    added = await directory.join(session, member, group, now)
    if added:
        audit.record(
            session,
            now,
            "group.member_added",
            actor_member_id=actor.id,
            subject=("member", member.id),
            group=group.slug,
        )
    return added


async def remove(
    session: AsyncSession, now: datetime, actor: Member, member: Member, group: Group
) -> bool:
    result = await session.execute(
        delete(Membership).where(Membership.member_id == member.id, Membership.group_id == group.id)
    )
    removed = bool(result.rowcount)  # type: ignore[attr-defined]
    if removed:
        await session.refresh(member, ["groups"])
        audit.record(
            session,
            now,
            "group.member_removed",
            actor_member_id=actor.id,
            subject=("member", member.id),
            group=group.slug,
        )
    return removed


async def choices(session: AsyncSession, op: GroupOp, member: Member) -> list[Group]:
    """The groups a card's button offers: those to join, those to leave, or all (a chair)."""
    everyone = await directory.all_groups(session)
    mine = {g.id for g in member.groups}
    if op == GroupOp.ADD:
        return [g for g in everyone if g.id not in mine]
    if op == GroupOp.REMOVE:
        return [g for g in everyone if g.id in mine]
    return list(everyone)


async def roster(session: AsyncSession) -> list[tuple[Group | None, list[Member]]]:
    """Members by group (those in none last), for the coordinators' overview."""
    groups = await directory.all_groups(session)
    members = (await session.scalars(select(Member).order_by(Member.display_name))).all()
    result: list[tuple[Group | None, list[Member]]] = []
    for group in groups:
        inside = [m for m in members if any(g.id == group.id for g in m.groups)]
        if inside:
            result.append((group, inside))
    loose = [m for m in members if not m.groups]
    if loose:
        result.append((None, loose))
    return result

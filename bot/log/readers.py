"""Who may read an exchange-log entry that has an audience of its own (an alert, its notes).

Such an entry carries its readers (``ExchangeEntryReader``): the alert's sender and everyone
it was routed, escalated or referred to or who took it over; coordinators read everything.
When an alert reaches more people, ``grant`` widens every entry about it (all versions,
notes included) in the same transaction. Entries without readers are read by their groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, exists, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.permissions import Role
from storage.exchange import ExchangeEntry, ExchangeEntryGroup, ExchangeEntryReader
from storage.members import Member


async def readers_of(session: AsyncSession, entry_id: int) -> list[int]:
    query = select(ExchangeEntryReader.member_id).where(ExchangeEntryReader.entry_id == entry_id)
    return sorted((await session.scalars(query)).all())


def add(session: AsyncSession, entry_id: int, member_ids: Iterable[int]) -> None:
    for member_id in sorted(set(member_ids)):
        session.add(ExchangeEntryReader(entry_id=entry_id, member_id=member_id))


async def grant(session: AsyncSession, ref: tuple[str, int], member_ids: Iterable[int]) -> None:
    """Every entry about `ref` (each version, each note) and every reply in their threads
    may now be read by these members."""
    wanted = set(member_ids)
    if not wanted:
        return
    about = (ExchangeEntry.ref_type == ref[0]) & (ExchangeEntry.ref_id == ref[1])
    threads = select(ExchangeEntry.thread_id).where(about)
    entries = (
        await session.scalars(
            select(ExchangeEntry.id).where(about | ExchangeEntry.thread_id.in_(threads))
        )
    ).all()
    if not entries:
        return
    rows = await session.execute(
        select(ExchangeEntryReader.entry_id, ExchangeEntryReader.member_id).where(
            ExchangeEntryReader.entry_id.in_(entries)
        )
    )
    have = {(entry_id, member_id) for entry_id, member_id in rows.all()}
    for entry_id in entries:
        add(session, entry_id, (m for m in wanted if (entry_id, m) not in have))
    await session.flush()


def _named(member_id: int) -> ColumnElement[bool]:
    return exists().where(
        ExchangeEntryReader.entry_id == ExchangeEntry.id,
        ExchangeEntryReader.member_id == member_id,
    )


def _restricted() -> ColumnElement[bool]:
    return exists().where(ExchangeEntryReader.entry_id == ExchangeEntry.id)


def _in_groups(group_ids: Sequence[int]) -> ColumnElement[bool]:
    return exists().where(
        ExchangeEntryGroup.entry_id == ExchangeEntry.id, ExchangeEntryGroup.group_id.in_(group_ids)
    )


def readable_by(member: Member | None) -> ColumnElement[bool] | None:
    """The condition on ExchangeEntry a member's reading must meet; None = no limit
    (coordinators, and Ura itself when `member` is None)."""
    if member is None or member.role == Role.COORDINATOR:
        return None
    mine = [g.id for g in member.groups]
    return or_(_named(member.id), and_(not_(_restricted()), _in_groups(mine)))


async def may_read(session: AsyncSession, member: Member, entry_id: int) -> bool:
    condition = readable_by(member)
    if condition is None:
        return True
    query = select(ExchangeEntry.id).where(ExchangeEntry.id == entry_id, condition)
    return await session.scalar(query) is not None

"""Per-group exchange settings: the linked Telegram group chat and where replies go.

Other features post a group's notices to its linked chat too: ``linked_chats(session,
group_ids)`` gives (group id, chat id) pairs to send to with ``turn.send``/``enqueue``.
Linking and unlinking (also when Telegram says the bot was removed) are audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.exchange.model import RepliesTo
from storage.exchange import ExchangeGroupSettings
from storage.members import Group, Member


async def settings_for(
    session: AsyncSession, group_id: int, now: datetime
) -> ExchangeGroupSettings:
    found = await session.get(ExchangeGroupSettings, group_id)
    if found is None:
        found = ExchangeGroupSettings(group_id=group_id, replies_to_group=False, updated_at=now)
        session.add(found)
        await session.flush()
    return found


async def linked_chats(session: AsyncSession, group_ids: Sequence[int]) -> list[tuple[int, int]]:
    if not group_ids:
        return []
    rows = await session.execute(
        select(ExchangeGroupSettings.group_id, ExchangeGroupSettings.linked_chat_id).where(
            ExchangeGroupSettings.group_id.in_(group_ids),
            ExchangeGroupSettings.linked_chat_id.is_not(None),
        )
    )
    return [(gid, int(chat)) for gid, chat in rows.all() if chat is not None]


async def group_of_chat(session: AsyncSession, chat_id: int) -> ExchangeGroupSettings | None:
    return await session.scalar(
        select(ExchangeGroupSettings).where(ExchangeGroupSettings.linked_chat_id == chat_id)
    )


async def link(
    session: AsyncSession, now: datetime, group: Group, chat_id: int, actor: Member
) -> None:
    """Link the chat to the group (a chat serves one group; relinking moves it)."""
    earlier = await group_of_chat(session, chat_id)
    if earlier is not None and earlier.group_id != group.id:
        await unlink(session, now, chat_id, actor, "moved")
    setting = await settings_for(session, group.id, now)
    setting.linked_chat_id, setting.linked_by_member_id = chat_id, actor.id
    setting.linked_at = setting.updated_at = now
    audit.record(
        session,
        now,
        "exchange.linked",
        actor_member_id=actor.id,
        subject=("group", group.id),
        chat_id=chat_id,
    )


async def unlink(
    session: AsyncSession, now: datetime, chat_id: int, actor: Member | None, reason: str
) -> int | None:
    """Unlink a chat; returns the group id it served, or None if it was not linked."""
    setting = await group_of_chat(session, chat_id)
    if setting is None:
        return None
    setting.linked_chat_id, setting.linked_by_member_id, setting.linked_at = None, None, None
    setting.updated_at = now
    await session.flush()
    audit.record(
        session,
        now,
        "exchange.unlinked",
        actor_member_id=actor.id if actor else None,
        subject=("group", setting.group_id),
        chat_id=chat_id,
        reason=reason,
    )
    return setting.group_id


async def set_replies(
    session: AsyncSession, now: datetime, group: Group, to: RepliesTo, actor: Member
) -> None:
    to_group = to is RepliesTo.GROUP
    setting = await settings_for(session, group.id, now)
    setting.replies_to_group, setting.updated_at = to_group, now
    audit.record(
        session,
        now,
        "exchange.replies_setting",
        actor_member_id=actor.id,
        subject=("group", group.id),
        to_group=to_group,
    )


async def group(session: AsyncSession, group_id: int) -> Group | None:
    """A group by its id (a button's), or None when it is gone."""
    return await session.get(Group, group_id) if group_id > 0 else None


async def replies_to(session: AsyncSession, group_id: int, now: datetime) -> RepliesTo:
    """Where replies to this group's updates go now."""
    return RepliesTo.of((await settings_for(session, group_id, now)).replies_to_group)

"""Updates and reply threads: who an update or a reply goes to, recorded in the exchange log.

An update goes to the members of its groups (never back to its sender) and to each group's
linked Telegram chat; a reply goes to the author of what it answers and, when the group's
setting says so, to the whole group. The handlers turn the results into outbox messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.flows import Flow, Step
from bot.core.permissions import Role
from bot.exchange.links import linked_chats, settings_for
from bot.log import entries
from bot.log import readers as exchange_readers
from bot.members import directory
from storage.exchange import ExchangeEntry
from storage.members import Group, Member, Membership

MAX_TEXT = 3500
FLOW = Flow(
    "exchange",
    (
        Step("group", "choice"),
        Step("topic", "choice"),
        Step("text", "text", max_len=MAX_TEXT, multiline=True),
        Step("attachment", "choice"),
    ),
)
ALL_GROUPS = "all"  # a coordinator's choice: every group at once
PICKED = "done"  # a coordinator's choice: the groups ticked so far
NO_ATTACHMENT = "none"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # all but tab and line feed


def clean_text(text: str, max_len: int = MAX_TEXT) -> str | None:
    """A message body: control characters go, line breaks stay; None if empty or too long."""
    value = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    return value if value and len(value) <= max_len else None


@dataclass(frozen=True)
class Relay:
    """One logged entry and where it goes: members (each in their language) and group chats."""

    entry: ExchangeEntry
    groups: list[Group]
    to_members: list[Member]
    to_chats: list[int]
    author: Member | None = None  # for a reply: the person answered


async def groups_for(session: AsyncSession, member: Member) -> Sequence[Group]:
    """Where a member may post: their own groups; coordinators anywhere."""
    if member.role == Role.COORDINATOR:
        return await directory.all_groups(session)
    return sorted(member.groups, key=lambda g: g.name)


def chosen_groups(value: str, allowed: Sequence[Group]) -> list[Group]:
    """The groups an answer names: one id, several ("3,5"), or every group the sender may use."""
    if value == ALL_GROUPS:
        return list(allowed)
    wanted = set(value.split(","))
    return [g for g in allowed if str(g.id) in wanted]


def toggle(picked: Sequence[str], value: str, allowed: Sequence[Group]) -> list[str]:
    """A coordinator ticks or unticks one group of several; unknown ids change nothing."""
    if value not in {str(g.id) for g in allowed}:
        return list(picked)
    return [p for p in picked if p != value] if value in picked else [*picked, value]


async def audience(
    session: AsyncSession, group_ids: Sequence[int], exclude: set[int]
) -> list[Member]:
    """Active members of any of the groups, each once, without the excluded ones."""
    if not group_ids:
        return []
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id.in_(group_ids), Member.status == "active")
        .distinct()
        .order_by(Member.id)
    )
    return [m for m in (await session.scalars(query)).all() if m.id not in exclude]


async def publish_update(
    session: AsyncSession,
    now: datetime,
    sender: Member,
    groups: Sequence[Group],
    topic: str,
    text: str,
    attachments: Sequence[dict[str, Any]],
    source: tuple[int, int] | None,
) -> Relay:
    group_ids = [g.id for g in groups]
    entry = await entries.record(
        session,
        now,
        kind="update",
        sender=sender,
        group_ids=group_ids,
        topic=topic,
        text=text,
        attachments=attachments,
        source=source,
    )
    entry.ref_type, entry.ref_id = "update", entry.id
    to = await audience(session, group_ids, exclude={sender.id})
    return Relay(entry, list(groups), to, [c for _, c in await linked_chats(session, group_ids)])


async def answer(
    session: AsyncSession,
    now: datetime,
    replier: Member,
    parent: ExchangeEntry,
    text: str,
    source: tuple[int, int] | None,
) -> Relay | None:
    """A reply to a relayed entry; None when the replier may not see what they answer."""
    group_ids = await entries.group_ids_of(session, parent.id)
    if not await exchange_readers.may_read(session, replier, parent.id):
        return None
    readers = await exchange_readers.readers_of(session, parent.id)
    entry = await entries.record(
        session,
        now,
        kind="reply",
        sender=replier,
        group_ids=group_ids,
        topic=parent.topic,
        text=text,
        parent_id=parent.id,
        source=source,
        readers=readers,
    )
    entry.ref_type, entry.ref_id = "update", entry.id
    author = (
        await directory.by_id(session, parent.sender_member_id) if parent.sender_member_id else None
    )
    if author is not None and (author.id == replier.id or author.status != "active"):
        author = None
    everyone = [
        setting.replies_to_group
        for setting in [await settings_for(session, gid, now) for gid in group_ids]
    ]
    others: list[Member] = []
    chats: list[int] = []
    if any(everyone) and not readers:  # an audience of its own is never widened to groups
        skip = {replier.id} | ({author.id} if author else set())
        others = await audience(session, group_ids, exclude=skip)
        chats = [c for _, c in await linked_chats(session, group_ids)]
    groups = [g for g in await directory.all_groups(session) if g.id in group_ids]
    return Relay(entry, groups, others, chats, author=author)

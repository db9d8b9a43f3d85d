"""The exchange log: the one complete, append-only record of what Ura relayed.

Every feature that relays something calls ``record`` in the same transaction as the send::

    from bot.log import entries
    from bot.log.model import EntryKind
    entry = await entries.record(
        session, now,
        kind=EntryKind.ALERT,         # an EntryKind: update, reply, alert, note, notice, ...
        sender=member,                # the Member who sent it, or None for Ura itself
        group_ids=[group.id],         # who may see it: these groups' members (and coordinators);
                                      # [] = coordinators only
        topic="child_protection",     # or None
        text=description,             # the plain text as sent (not HTML)
        attachments=[Attachment.photo(file_id)],  # bot.core.attachments.Attachment, or []
        ref=("alert", alert.id),      # what it is about in its own feature, or None
        parent_id=None,               # the entry this answers (a reply), or None
        meta={"status": "open"},      # optional: the feature's own facts about it
        readers=[...],                # member ids: an audience of its own (see bot/log/readers)
    )

Attachments are stored in the one shape ``Attachment.to_json()`` writes:
``{"kind": "photo" | "document", "file_id": ..., "filename"?: ...}`` or
``{"kind": "location", "latitude": ..., "longitude": ...}``; a dict in an older shape
(``{"type": ...}``, a bare ``{"file_id", "filename"}``) is stored in this one (migration 0013
rewrote the rows written before). Read them back with ``Attachment.from_json``.

An edit never overwrites: ``new_version(session, now, entry, text=..., attachments=...,
meta=...)`` appends a row with ``version`` + 1 and marks the older one not current (find the
current row of a feature's thing with ``current_for_ref(session, ("alert", id))``).
Search, history and export only ever show what ``visible_groups`` and
``readers.readable_by`` allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.attachments import Attachment
from bot.core.permissions import Role
from bot.core.text import fold
from bot.log import readers as exchange_readers
from bot.log.model import EntryKind
from storage.exchange import ExchangeEntry, ExchangeEntryGroup
from storage.members import Member

Attached = Attachment | dict[str, Any]  # a dict: as stored, in any shape from_json reads


def stored(attachments: Sequence[Attached]) -> list[dict[str, Any]]:
    """Attachments in the one stored shape; a dict no shape reads is kept as it came."""
    result: list[dict[str, Any]] = []
    for item in attachments:
        if isinstance(item, Attachment):
            result.append(item.to_json())
            continue
        found = Attachment.from_json(dict(item))
        result.append(found.to_json() if found is not None else dict(item))
    return result


def scope_of(group_ids: Sequence[int]) -> str:
    """Group ids as words for the FTS index ("g3 g12"), so search filters inside the index."""
    return " ".join(f"g{gid}" for gid in sorted(set(group_ids)))


async def record(
    session: AsyncSession,
    now: datetime,
    *,
    kind: str,  # an EntryKind
    sender: Member | None,
    group_ids: Sequence[int],
    topic: str | None,
    text: str,
    attachments: Sequence[Attached] = (),
    ref: tuple[str, int] | None = None,
    parent_id: int | None = None,
    meta: dict[str, Any] | None = None,
    source: tuple[int, int] | None = None,
    readers: Sequence[int] = (),
) -> ExchangeEntry:
    """Append one entry; `source` is the (chat id, message id) the sender wrote it in;
    `readers`, when given, are the only members besides coordinators who may read it."""
    parent = await session.get(ExchangeEntry, parent_id) if parent_id is not None else None
    entry = ExchangeEntry(
        kind=str(kind),
        sender_member_id=sender.id if sender else None,
        sender_name=sender.display_name if sender else "Ura",
        organisation=sender.organisation.name if sender and sender.organisation else None,
        topic=topic,
        text=text,
        text_folded=fold(text),
        scope=scope_of(group_ids),
        attachments=stored(attachments),
        meta=dict(meta or {}),
        ref_type=ref[0] if ref else None,
        ref_id=ref[1] if ref else None,
        parent_id=parent_id,
        thread_id=(parent.thread_id or parent.id) if parent else None,
        version=1,
        current=True,
        source_chat_id=source[0] if source else None,
        source_message_id=source[1] if source else None,
        created_at=now,
    )
    session.add(entry)
    await session.flush()
    entry.first_id = entry.id
    if entry.thread_id is None:
        entry.thread_id = entry.id
    for gid in sorted(set(group_ids)):
        session.add(ExchangeEntryGroup(entry_id=entry.id, group_id=gid))
    exchange_readers.add(session, entry.id, readers)
    await session.flush()
    return entry


async def new_version(
    session: AsyncSession,
    now: datetime,
    entry: ExchangeEntry,
    *,
    text: str | None = None,
    attachments: Sequence[Attached] | None = None,
    meta: dict[str, Any] | None = None,
) -> ExchangeEntry:
    """An edit: a new row with the changes; the old row stays as it was, only not current."""
    groups = await group_ids_of(session, entry.id)
    readers = await exchange_readers.readers_of(session, entry.id)
    body = entry.text if text is None else text
    newer = ExchangeEntry(
        kind=entry.kind,
        sender_member_id=entry.sender_member_id,
        sender_name=entry.sender_name,
        organisation=entry.organisation,
        topic=entry.topic,
        text=body,
        text_folded=fold(body),
        scope=entry.scope,
        attachments=stored(entry.attachments if attachments is None else attachments),
        meta={**entry.meta, **(meta or {})},
        ref_type=entry.ref_type,
        ref_id=entry.ref_id,
        parent_id=entry.parent_id,
        thread_id=entry.thread_id,
        first_id=entry.first_id or entry.id,
        version=entry.version + 1,
        current=True,
        source_chat_id=entry.source_chat_id,
        source_message_id=entry.source_message_id,
        created_at=now,
    )
    entry.current = False
    session.add(newer)
    await session.flush()
    for gid in groups:
        session.add(ExchangeEntryGroup(entry_id=newer.id, group_id=gid))
    exchange_readers.add(session, newer.id, readers)
    await session.flush()
    return newer


async def group_ids_of(session: AsyncSession, entry_id: int) -> list[int]:
    query = select(ExchangeEntryGroup.group_id).where(ExchangeEntryGroup.entry_id == entry_id)
    return sorted((await session.scalars(query)).all())


async def versions(session: AsyncSession, first_id: int) -> list[ExchangeEntry]:
    query = select(ExchangeEntry).where(ExchangeEntry.first_id == first_id)
    return list((await session.scalars(query.order_by(ExchangeEntry.version))).all())


async def record_answer(
    session: AsyncSession,
    now: datetime,
    *,
    about: tuple[str, int],
    sender: Member | None,
    text: str,
    kind: str = EntryKind.REPLY,
) -> ExchangeEntry:
    """A note or reply about a feature's thing (e.g. ("alert", 7)), threaded under its entry
    and visible to the same groups and readers."""
    parent = await current_for_ref(session, about)
    groups = await group_ids_of(session, parent.id) if parent else []
    readers = await exchange_readers.readers_of(session, parent.id) if parent else []
    return await record(
        session,
        now,
        kind=kind,
        sender=sender,
        group_ids=groups,
        topic=parent.topic if parent else None,
        text=text,
        ref=about,
        parent_id=parent.id if parent else None,
        readers=readers,
    )


async def current_for_ref(session: AsyncSession, ref: tuple[str, int]) -> ExchangeEntry | None:
    query = select(ExchangeEntry).where(
        ExchangeEntry.ref_type == ref[0], ExchangeEntry.ref_id == ref[1], ExchangeEntry.current
    )
    return await session.scalar(query.order_by(ExchangeEntry.id.desc()).limit(1))


async def current_from_source(
    session: AsyncSession, chat_id: int, message_id: int
) -> ExchangeEntry | None:
    """The entry a person wrote in this message (to store their edit as a new version)."""
    query = select(ExchangeEntry).where(
        ExchangeEntry.source_chat_id == chat_id,
        ExchangeEntry.source_message_id == message_id,
        ExchangeEntry.current,
    )
    return await session.scalar(query.limit(1))


def visible_groups(member: Member) -> list[int] | None:
    """The groups whose entries a member may see; None means all (coordinators)."""
    if member.role == Role.COORDINATOR:
        return None
    return sorted(g.id for g in member.groups)


def may_see(member: Member, group_ids: Sequence[int]) -> bool:
    allowed = visible_groups(member)
    return allowed is None or bool(set(allowed) & set(group_ids))

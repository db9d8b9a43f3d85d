"""Updates and reply threads, recorded in the exchange log: /update's flow, where a member may
post, and the entries an update, a reply or an edit makes. Who receives them is decided by
`bot.exchange.notify` (``Relay``); the handlers only hand the relay on to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import picker
from bot.core.attachments import Attachment
from bot.core.flows import Flow
from bot.core.flows import Step as FlowStep
from bot.core.permissions import Role
from bot.exchange import notify
from bot.exchange.model import ALL_GROUPS, NO_ATTACHMENT, TOPICS, UPDATE_REF, EntryKind, Step
from bot.exchange.notify import Relay
from bot.log import entries
from bot.log import readers as exchange_readers
from bot.members import directory
from storage.exchange import ExchangeEntry
from storage.members import Group, Member
from storage.outbox import OutboxMessage

__all__ = ["FLOW", "MAX_REPLY", "MAX_TEXT", "Relay", "answer", "publish_update"]

MAX_TEXT = 3500
MAX_REPLY = 3500
FLOW = Flow(
    "exchange",
    (
        FlowStep(Step.GROUP, "choice"),
        FlowStep(Step.TOPIC, "choice"),
        FlowStep(Step.TEXT, "text", max_len=MAX_TEXT, multiline=True),
        FlowStep(Step.ATTACHMENT, "choice"),
    ),
)


async def groups_for(session: AsyncSession, member: Member) -> Sequence[Group]:
    """Where a member may post: their own groups; coordinators anywhere."""
    if member.role == Role.COORDINATOR:
        return await directory.all_groups(session)
    return sorted(member.groups, key=lambda g: g.name)


def picks_several(member: Member) -> bool:
    """Coordinators tick several groups (or all) on a picker; members pick one of theirs."""
    return member.role == Role.COORDINATOR


def choices(step: str, value: str, groups: Sequence[Group]) -> set[str] | None:
    """What a choice step of /update accepts (a coordinator's ticked groups: `value` itself)."""
    if step == Step.GROUP:
        return {str(g.id) for g in groups} | {ALL_GROUPS, value}
    if step == Step.TOPIC:
        return {str(topic) for topic in TOPICS}
    if step == Step.ATTACHMENT:
        return {NO_ATTACHMENT}
    return None


def tick(picked: Sequence[str], value: str, groups: Sequence[Group]) -> list[str]:
    """A coordinator ticks or unticks one group of several; unknown ids change nothing."""
    return picker.toggle(picked, value, {str(g.id) for g in groups})


async def picker_message(session: AsyncSession, outbox_id: int | None) -> OutboxMessage | None:
    """The group picker's message, to show the ticks on it."""
    return await session.get(OutboxMessage, outbox_id or 0)


def chosen_groups(value: str, allowed: Sequence[Group]) -> list[Group]:
    """The groups an answer names: one id, several ("3,5"), or every group the sender may use."""
    if value == ALL_GROUPS:
        return list(allowed)
    wanted = set(value.split(","))
    return [g for g in allowed if str(g.id) in wanted]


async def publish_update(
    session: AsyncSession,
    now: datetime,
    sender: Member,
    groups: Sequence[Group],
    topic: str,
    text: str,
    attachments: Sequence[Attachment],
    source: tuple[int, int] | None,
) -> Relay:
    entry = await entries.record(
        session,
        now,
        kind=EntryKind.UPDATE,
        sender=sender,
        group_ids=[g.id for g in groups],
        topic=topic,
        text=text,
        attachments=attachments,
        source=source,
    )
    entry.ref_type, entry.ref_id = UPDATE_REF, entry.id
    return await notify.of_update(session, entry, groups, sender)


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
        kind=EntryKind.REPLY,
        sender=replier,
        group_ids=group_ids,
        topic=parent.topic,
        text=text,
        parent_id=parent.id,
        source=source,
        readers=readers,
    )
    entry.ref_type, entry.ref_id = UPDATE_REF, entry.id
    return await notify.of_reply(session, now, entry, parent, group_ids, bool(readers))


async def answered(session: AsyncSession, row: OutboxMessage) -> ExchangeEntry | None:
    """The entry a relayed message (an outbox row with ref ("update", id)) carries."""
    return await session.get(ExchangeEntry, row.ref_id or 0)


async def replied_to(session: AsyncSession, chat_id: int, message_id: int) -> OutboxMessage | None:
    """The message of Ura's a person replied to in Telegram, whatever feature sent it."""
    return await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == chat_id, OutboxMessage.telegram_message_id == message_id
        )
    )


async def to_edit(
    session: AsyncSession, chat_id: int, message_id: int, body: str
) -> ExchangeEntry | None:
    """The entry a person's edited message relayed, when its text changed; else None."""
    entry = await entries.current_from_source(session, chat_id, message_id)
    return entry if entry is not None and body != entry.text else None


async def edit(
    session: AsyncSession, now: datetime, entry: ExchangeEntry, body: str
) -> ExchangeEntry:
    """The edit as the entry's new version (the older one stays, not current)."""
    return await entries.new_version(session, now, entry, text=body)

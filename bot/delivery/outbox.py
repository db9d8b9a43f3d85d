"""Writing to the outbox: the only way any part of Ura sends a message.

Called inside the caller's transaction, so a message exists exactly when its cause does.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rendering import Reply
from storage.members import Member
from storage.outbox import CLAIMED, PENDING, SENDING, OutboxMessage


class Priority(IntEnum):
    """Lower goes first: alerts before replies, replies before notices, notices before bulk."""

    ALERT = 0
    INTERACTIVE = 10
    NOTICE = 20
    BULK = 30


def is_group_chat(chat_id: int) -> bool:
    return chat_id < 0


def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    reply: Reply,
    now: datetime,
    priority: Priority = Priority.INTERACTIVE,
    member_id: int | None = None,
    ref: tuple[str, int] | None = None,
    broadcast_id: int | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage:
    row = OutboxMessage(
        chat_id=chat_id,
        member_id=member_id,
        priority=int(priority),
        kind=reply.kind,
        payload=reply.to_payload(),
        state=PENDING,
        attempts=0,
        not_before=not_before or now,
        ref_type=ref[0] if ref else None,
        ref_id=ref[1] if ref else None,
        broadcast_id=broadcast_id,
        created_at=now,
    )
    session.add(row)
    return row


def enqueue_to(
    session: AsyncSession,
    member: Member,
    reply: Reply,
    *,
    now: datetime,
    priority: Priority = Priority.NOTICE,
    ref: tuple[str, int] | None = None,
    broadcast_id: int | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage:
    """A message to a member's private chat, remembered as theirs (for 403s and reports)."""
    return enqueue(
        session,
        chat_id=member.telegram_user_id,
        reply=reply,
        now=now,
        priority=priority,
        member_id=member.id,
        ref=ref,
        broadcast_id=broadcast_id,
        not_before=not_before,
    )


async def enqueue_edit(
    session: AsyncSession,
    *,
    target: OutboxMessage,
    reply: Reply,
    now: datetime,
    priority: Priority = Priority.INTERACTIVE,
) -> OutboxMessage | None:
    """Show new content in an already queued or sent message.

    A copy that has not left yet simply gets the new content; a waiting edit of the same
    message is replaced, so a burst of changes costs one request, not one each.
    """
    payload = reply.to_payload()
    if target.state == PENDING:
        target.payload = {**target.payload, **payload} if target.kind == "edit" else payload
        return None
    if target.state not in (CLAIMED, SENDING, "sent"):
        return None
    waiting = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.edit_of_id == target.id, OutboxMessage.state == PENDING
        )
    )
    if waiting is not None:
        waiting.payload = payload
        waiting.priority = min(waiting.priority, int(priority))
        return waiting
    row = OutboxMessage(
        chat_id=target.chat_id,
        member_id=target.member_id,
        priority=int(priority),
        kind="edit",
        payload=payload,
        state=PENDING,
        attempts=0,
        not_before=now,
        edit_of_id=target.id,
        ref_type=target.ref_type,
        ref_id=target.ref_id,
        broadcast_id=None,
        created_at=now,
    )
    session.add(row)
    return row


async def copies(session: AsyncSession, ref: tuple[str, int]) -> list[OutboxMessage]:
    """Every message (not edit) sent about one thing, e.g. each coordinator's request card."""
    query = select(OutboxMessage).where(
        OutboxMessage.ref_type == ref[0],
        OutboxMessage.ref_id == ref[1],
        OutboxMessage.kind != "edit",
    )
    return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


async def sent_message(
    session: AsyncSession, chat_id: int, telegram_message_id: int | None
) -> OutboxMessage | None:
    """The outbox row of a message Ura sent to a chat (e.g. the one whose button was pressed)."""
    if telegram_message_id is None:
        return None
    query = select(OutboxMessage).where(
        OutboxMessage.chat_id == chat_id,
        OutboxMessage.telegram_message_id == telegram_message_id,
        OutboxMessage.kind != "edit",
    )
    return await session.scalar(query.order_by(OutboxMessage.id.desc()).limit(1))

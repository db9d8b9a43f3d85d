"""Writing to the outbox: the only way any part of Ura sends a message.

Called inside the caller's transaction, so a message exists exactly when its cause does.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.rendering import Reply
from storage.members import Member
from storage.outbox import CANCELLED, CLAIMED, PENDING, SENDING, SENT, OutboxMessage


class Priority(IntEnum):
    """Lower goes first: alerts before replies, replies before notices, notices before bulk."""

    ALERT = 0
    INTERACTIVE = 10
    NOTICE = 20
    BULK = 30


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
    if await shown(session, target) == payload:
        return None  # Telegram refuses an edit that changes nothing ("message is not modified")
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


async def shown(session: AsyncSession, target: OutboxMessage) -> dict[str, object]:
    """What a sent message shows once the edits already made or on their way are made (an
    edit that failed, was cancelled or may not have arrived does not count)."""
    latest = await session.scalar(
        select(OutboxMessage)
        .where(
            OutboxMessage.edit_of_id == target.id,
            OutboxMessage.state.in_((PENDING, CLAIMED, SENDING, SENT)),
        )
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    return dict((latest or target).payload)


async def copies(
    session: AsyncSession, ref: tuple[str, int], *, role: str | None = None
) -> list[OutboxMessage]:
    """Every message (not edit) sent about one thing, e.g. each coordinator's request card.

    A suspended member's copies are left as they are: they get nothing more, edits included.
    With `role`, only the copies of members who have that role *now* (a card only that role
    may see is not refreshed for someone who lost it).
    """
    query = (
        select(OutboxMessage)
        .outerjoin(Member, Member.id == OutboxMessage.member_id)
        .where(
            OutboxMessage.ref_type == ref[0],
            OutboxMessage.ref_id == ref[1],
            OutboxMessage.kind != "edit",
            or_(OutboxMessage.member_id.is_(None), Member.status == "active"),
        )
    )
    if role is not None:
        query = query.where(Member.role == role)
    return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


async def cap_chat_queues(session: AsyncSession, rows: list[OutboxMessage], cap: int) -> int:
    """Drop this turn's new messages to chats that already have `cap` waiting; alerts always
    go. Returns how many were dropped (kept as cancelled rows, so the drop is visible)."""
    await session.flush()
    dropped = 0
    for chat_id in {row.chat_id for row in rows if row.priority != Priority.ALERT}:
        waiting = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.state == PENDING)
        )
        over = (waiting or 0) - cap
        mine = [r for r in rows if r.chat_id == chat_id and r.priority != Priority.ALERT]
        for row in sorted(mine, key=lambda r: r.id, reverse=True)[: max(over, 0)]:
            row.state, row.last_error = CANCELLED, "chat queue full"
            dropped += 1
    return dropped


async def _in_flight_with(
    session: AsyncSession, chat_id: int, pressed: tuple[str, str]
) -> OutboxMessage | None:
    """A message Telegram has shown but whose id Ura has not recorded yet (a press can come
    within milliseconds of delivery): the newest one in flight to the chat with that button.
    An edit of it waits until it is recorded as sent."""
    rows = await session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.kind != "edit",
            OutboxMessage.state.in_((CLAIMED, SENDING)),
        )
        .order_by(OutboxMessage.id.desc())
        .limit(10)
    )
    action, arg = pressed
    for row in rows:
        for line in row.payload.get("buttons") or []:
            if any(b.get("action") == action and b.get("arg") == arg for b in line):
                return row
    return None


async def sent_message(
    session: AsyncSession,
    chat_id: int,
    telegram_message_id: int | None,
    pressed: tuple[str, str] | None = None,
) -> OutboxMessage | None:
    """The outbox row of a message Ura sent to a chat (e.g. the one whose button was pressed;
    with `pressed`, also one whose id Ura has not recorded yet)."""
    if telegram_message_id is None:
        return None
    query = select(OutboxMessage).where(
        OutboxMessage.chat_id == chat_id,
        OutboxMessage.telegram_message_id == telegram_message_id,
        OutboxMessage.kind != "edit",
    )
    found = await session.scalar(query.order_by(OutboxMessage.id.desc()).limit(1))
    if found is None and pressed is not None:
        found = await _in_flight_with(session, chat_id, pressed)
    return found

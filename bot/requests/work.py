"""What people do to a monitoring request: answer it, forward it to a colleague, close it;
each checked against who they are now, and audited. No Telegram here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit, scheduling
from bot.core.attachments import Attachment
from bot.core.permissions import Role
from bot.log import entries
from bot.members.model import MemberStatus
from bot.requests.model import Kind, RecipientRole, RequestRefused, Status, Timers, Verdict
from bot.requests.reading import colleagues, get, role_of
from bot.requests.rules import audience
from storage.members import Member
from storage.requests import InfoRequest, InfoRequestAnswer, InfoRequestRecipient


async def answer(
    session: AsyncSession,
    now: datetime,
    request_id: int,
    member: Member,
    text: str,
    verdict: Verdict | None,
    attachment: Attachment | None,
) -> tuple[InfoRequest, InfoRequestAnswer]:
    """An addressee answers; the first answer marks the request answered, later ones add."""
    request = await get(session, request_id)
    role = await role_of(session, request, member)
    if member.status != MemberStatus.ACTIVE or role is None or not role.answers:
        raise RequestRefused("request.not_addressee")
    if request.status == Status.CLOSED:
        raise RequestRefused("request.closed")
    if request.kind == Kind.RECOMMENDATION and verdict is None:
        raise RequestRefused("request.answer.verdict_missing")
    stored = attachment.to_json() if attachment is not None else None
    reply = InfoRequestAnswer(
        request_id=request.id,
        member_id=member.id,
        text=text,
        verdict=verdict,
        attachment=stored,
        created_at=now,
    )
    session.add(reply)
    if request.status == Status.OPEN:
        request.status, request.answered_at = Status.ANSWERED, now
        await scheduling.cancel(session, Timers.REMIND, request.id)
        await scheduling.cancel(session, Timers.OVERDUE, request.id)
    if verdict is not None:
        request.verdict = verdict
    await session.flush()
    asked = await entries.current_for_ref(session, ("info_request", request.id))
    await entries.record(
        session,
        now,
        kind="request_answer",
        sender=member,
        group_ids=await audience(session, request),
        topic=None,
        text=text,
        attachments=[stored] if stored else [],
        ref=("info_request_answer", reply.id),
        parent_id=asked.id if asked is not None else None,
        meta={"verdict": str(verdict) if verdict else None},
    )
    audit.record(
        session,
        now,
        "request.answered",
        actor_member_id=member.id,
        subject=("info_request", request.id),
        verdict=str(verdict) if verdict else None,
    )
    return request, reply


async def forward(
    session: AsyncSession, now: datetime, request_id: int, member: Member, colleague_id: int
) -> tuple[InfoRequest, Member]:
    request = await get(session, request_id)
    role = await role_of(session, request, member)
    if member.status != MemberStatus.ACTIVE or role is None or not role.answers:
        raise RequestRefused("request.not_addressee")
    if request.status == Status.CLOSED:
        raise RequestRefused("request.closed")
    colleague = next(
        (c for c in await colleagues(session, request, member) if c.id == colleague_id), None
    )
    if colleague is None:
        raise RequestRefused("request.forward.not_colleague")
    session.add(
        InfoRequestRecipient(
            request_id=request.id,
            member_id=colleague.id,
            role=RecipientRole.FORWARDED,
            forwarded_by_member_id=member.id,
            created_at=now,
        )
    )
    audit.record(
        session,
        now,
        "request.forwarded",
        actor_member_id=member.id,
        subject=("info_request", request.id),
        to=colleague.id,
    )
    return request, colleague


async def close(
    session: AsyncSession, now: datetime, request_id: int, member: Member
) -> InfoRequest:
    """The asker (or a coordinator) closes a request: no more answers, no more reminders."""
    request = await get(session, request_id)
    if member.status != MemberStatus.ACTIVE or (
        member.id != request.asker_member_id and member.role != Role.COORDINATOR
    ):
        raise RequestRefused("request.not_asker")
    if request.status != Status.CLOSED:
        request.status, request.closed_at = Status.CLOSED, now
        await scheduling.cancel(session, Timers.REMIND, request.id)
        await scheduling.cancel(session, Timers.OVERDUE, request.id)
        audit.record(
            session,
            now,
            "request.closed",
            actor_member_id=member.id,
            subject=("info_request", request.id),
        )
    return request

"""Reading monitoring requests: who holds which role in one, who may read it, what /requests
lists, its answers and recipients. No Telegram here."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.permissions import Role
from bot.members.model import MemberStatus
from bot.requests.model import RecipientRole, RequestRefused, Shown, Status
from bot.requests.rules import ADVISORY, is_advisory
from storage.members import Group, Member, Membership
from storage.requests import InfoRequest, InfoRequestAnswer, InfoRequestRecipient

MAX_ID = 10**12  # no request id is longer; a longer one is nobody's


async def role_of(
    session: AsyncSession, request: InfoRequest, member: Member
) -> RecipientRole | None:
    row = await session.get(InfoRequestRecipient, (request.id, member.id))
    return RecipientRole(row.role) if row is not None else None


async def may_read(session: AsyncSession, request: InfoRequest, member: Member) -> bool:
    """Coordinators, the Advisory Group, the asker and everyone the request reached."""
    if member.status != MemberStatus.ACTIVE:
        return False
    if member.role == Role.COORDINATOR or is_advisory(member):
        return True
    if member.id == request.asker_member_id:
        return True
    return await role_of(session, request, member) is not None


async def get(session: AsyncSession, request_id: int) -> InfoRequest:
    request = await session.get(InfoRequest, request_id)
    if request is None:
        raise RequestRefused("request.gone")
    return request


async def find(session: AsyncSession, request_id: int) -> InfoRequest | None:
    """The request a button names, or None (an unknown id)."""
    if not 0 < request_id < MAX_ID:
        return None
    return await session.get(InfoRequest, request_id)


async def colleagues(session: AsyncSession, request: InfoRequest, member: Member) -> list[Member]:
    """Whom an addressee may forward to: active colleagues of the same organisation whom the
    request has not reached yet."""
    if member.organisation_id is None:
        return []
    reached = select(InfoRequestRecipient.member_id).where(
        InfoRequestRecipient.request_id == request.id
    )
    query = select(Member).where(
        Member.organisation_id == member.organisation_id,
        Member.status == MemberStatus.ACTIVE,
        Member.id != member.id,
        Member.id != request.asker_member_id,
        Member.id.not_in(reached),
    )
    return list((await session.scalars(query.order_by(Member.display_name).limit(40))).all())


def shown(request: InfoRequest, today: date) -> Shown:
    if request.status == Status.CLOSED:
        return Shown.CLOSED
    if request.status == Status.ANSWERED:
        return Shown.ANSWERED
    return Shown.OVERDUE if today > request.due_on else Shown.OPEN


async def visible(session: AsyncSession, member: Member) -> list[InfoRequest]:
    """What /requests lists: coordinators and the Advisory Group see every request; others
    the ones that reached them (or that they asked)."""
    query = select(InfoRequest)
    if member.role != Role.COORDINATOR and not is_advisory(member):
        mine = select(InfoRequestRecipient.request_id).where(
            InfoRequestRecipient.member_id == member.id
        )
        query = query.where((InfoRequest.id.in_(mine)) | (InfoRequest.asker_member_id == member.id))
    return list((await session.scalars(query.order_by(InfoRequest.id.desc()))).all())


async def answers(session: AsyncSession, request_id: int) -> list[tuple[InfoRequestAnswer, Member]]:
    query = (
        select(InfoRequestAnswer, Member)
        .join(Member, Member.id == InfoRequestAnswer.member_id)
        .where(InfoRequestAnswer.request_id == request_id)
        .order_by(InfoRequestAnswer.id)
    )
    return [(a, m) for a, m in (await session.execute(query)).all()]


async def recipients(
    session: AsyncSession, request_id: int, answering_only: bool = False
) -> list[tuple[Member, RecipientRole]]:
    query = (
        select(Member, InfoRequestRecipient.role)
        .join(InfoRequestRecipient, InfoRequestRecipient.member_id == Member.id)
        .where(InfoRequestRecipient.request_id == request_id, Member.status == MemberStatus.ACTIVE)
        .order_by(Member.id)
    )
    found = [(m, RecipientRole(r)) for m, r in (await session.execute(query)).all()]
    return [(m, r) for m, r in found if r.answers] if answering_only else found


async def advisory_members(session: AsyncSession) -> list[Member]:
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .join(Group, Group.id == Membership.group_id)
        .where(Group.kind == ADVISORY, Member.status == MemberStatus.ACTIVE)
        .order_by(Member.id)
    )
    return list((await session.scalars(query)).all())


async def reader_role(
    session: AsyncSession, request: InfoRequest, member: Member
) -> RecipientRole | None:
    """The reader's role on the card: none for the asker's own copy."""
    if request.asker_member_id == member.id:
        return None
    return await role_of(session, request, member)


async def why_not_answer(
    session: AsyncSession, request: InfoRequest | None, member: Member
) -> str | None:
    """Why this member may not answer (or forward) the request now: a catalog key, or None."""
    role = await role_of(session, request, member) if request is not None else None
    if request is None or role is None:
        return "request.not_addressee"
    if not role.answers or request.status == Status.CLOSED:
        return "request.closed"
    return None

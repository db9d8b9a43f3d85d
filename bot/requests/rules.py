"""The rules of monitoring requests: who may ask, whom a request reaches, who may answer,
forward, close or read it, and how its state moves. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit, scheduling
from bot.core.local_time import day_start
from bot.core.permissions import Role
from bot.log import entries
from bot.members import directory
from bot.requests.model import (
    REMIND_BEFORE_DAYS,
    REMIND_HOUR,
    Address,
    Kind,
    RecipientRole,
    RequestRefused,
    Shown,
    Status,
    Target,
    Timers,
    Verdict,
)
from storage.meetings import MeetingChair
from storage.members import Group, Member, Membership
from storage.requests import InfoRequest, InfoRequestAnswer, InfoRequestRecipient

ADVISORY = "advisory"


async def audience(session: AsyncSession, request: InfoRequest) -> list[int]:
    """The log's audience of a request and its answers: the Advisory Group and the addressed
    regional committee (coordinators see everything)."""
    advisory = await session.scalars(select(Group.id).where(Group.kind == ADVISORY))
    return sorted({*advisory, *([request.group_id] if request.group_id else [])})


def is_advisory(member: Member) -> bool:
    return any(g.kind == ADVISORY for g in member.groups)


def may_ask(member: Member) -> bool:
    """Advisory Group members and the coordinator's office raise requests."""
    return member.status == "active" and (member.role == Role.COORDINATOR or is_advisory(member))


async def regions(session: AsyncSession) -> Sequence[Group]:
    return await directory.all_groups(session, kind="committee")


async def addressees(session: AsyncSession, address: Address) -> list[Member]:
    """The active members a request is addressed to."""
    if address.target is Target.OFFICE:
        return list(await directory.coordinators(session))
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == address.group_id, Member.status == "active")
    )
    if address.target is Target.SECTOR:
        query = query.where(Member.agency == address.agency)
    return list((await session.scalars(query.order_by(Member.id))).all())


async def _chairs(session: AsyncSession, group_id: int | None) -> list[Member]:
    if group_id is None:
        return []
    query = (
        select(Member)
        .join(MeetingChair, MeetingChair.member_id == Member.id)
        .where(MeetingChair.group_id == group_id, Member.status == "active")
    )
    return list((await session.scalars(query)).all())


@dataclass(frozen=True)
class Reached:
    """A request as created, and everyone it reached, each with their role."""

    request: InfoRequest
    recipients: list[tuple[Member, RecipientRole]]


async def create(
    session: AsyncSession,
    now: datetime,
    asker: Member,
    kind: Kind,
    address: Address,
    text: str,
    due_on: date,
    attachment: dict[str, Any] | None,
    zone: ZoneInfo,
) -> Reached:
    if not may_ask(asker):
        raise RequestRefused("request.not_allowed")
    request = InfoRequest(
        kind=kind,
        asker_member_id=asker.id,
        target=address.target,
        group_id=address.group_id,
        agency=address.agency,
        text=text,
        attachment=attachment,
        due_on=due_on,
        status=Status.OPEN,
        created_at=now,
    )
    session.add(request)
    await session.flush()
    reached: dict[int, tuple[Member, RecipientRole]] = {}
    for member in await addressees(session, address):
        reached[member.id] = (member, RecipientRole.ADDRESSEE)
    for member in await _chairs(session, address.group_id):
        reached.setdefault(member.id, (member, RecipientRole.CHAIR))
    for member in await directory.coordinators(session):
        reached.setdefault(member.id, (member, RecipientRole.COORDINATOR))
    reached.pop(asker.id, None)  # the asker follows it through their own copy
    for member, role in reached.values():
        session.add(
            InfoRequestRecipient(
                request_id=request.id, member_id=member.id, role=role, created_at=now
            )
        )
    _plan_timers(session, request, now, zone)
    await entries.record(
        session,
        now,
        kind="request",
        sender=asker,
        group_ids=await audience(session, request),
        topic=None,
        text=text,
        attachments=[attachment] if attachment else [],
        ref=("info_request", request.id),
        meta={"status": str(Status.OPEN), "kind": str(kind), "due_on": due_on.isoformat()},
    )
    audit.record(
        session,
        now,
        "request.created",
        actor_member_id=asker.id,
        subject=("info_request", request.id),
        kind=str(kind),
        target=str(address.target),
        group=address.group_id,
        agency=address.agency,
        recipients=len(reached),
    )
    return Reached(request, list(reached.values()))


def _plan_timers(
    session: AsyncSession, request: InfoRequest, now: datetime, zone: ZoneInfo
) -> None:
    before = day_start(request.due_on - timedelta(days=REMIND_BEFORE_DAYS), REMIND_HOUR, zone)
    on_day = day_start(request.due_on, REMIND_HOUR, zone)
    if before > now:
        scheduling.plan(session, Timers.REMIND, request.id, before, now, {"stage": "before"})
    scheduling.plan(session, Timers.REMIND, request.id, max(on_day, now), now, {"stage": "due"})
    overdue = day_start(request.due_on + timedelta(days=1), REMIND_HOUR, zone)
    scheduling.plan(session, Timers.OVERDUE, request.id, max(overdue, now), now)


async def role_of(
    session: AsyncSession, request: InfoRequest, member: Member
) -> RecipientRole | None:
    row = await session.get(InfoRequestRecipient, (request.id, member.id))
    return RecipientRole(row.role) if row is not None else None


async def may_read(session: AsyncSession, request: InfoRequest, member: Member) -> bool:
    """Coordinators, the Advisory Group, the asker and everyone the request reached."""
    if member.status != "active":
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


async def find(session: AsyncSession, request_id: str) -> InfoRequest | None:
    """The request a button names, or None (a forged or unknown id)."""
    if not (request_id.isascii() and request_id.isdigit()) or len(request_id) > 12:
        return None
    return await session.get(InfoRequest, int(request_id))


async def answer(
    session: AsyncSession,
    now: datetime,
    request_id: int,
    member: Member,
    text: str,
    verdict: Verdict | None,
    attachment: dict[str, Any] | None,
) -> tuple[InfoRequest, InfoRequestAnswer]:
    """An addressee answers; the first answer marks the request answered, later ones add."""
    request = await get(session, request_id)
    role = await role_of(session, request, member)
    if member.status != "active" or role is None or not role.answers:
        raise RequestRefused("request.not_addressee")
    if request.status == Status.CLOSED:
        raise RequestRefused("request.closed")
    if request.kind == Kind.RECOMMENDATION and verdict is None:
        raise RequestRefused("request.answer.verdict_missing")
    reply = InfoRequestAnswer(
        request_id=request.id,
        member_id=member.id,
        text=text,
        verdict=verdict,
        attachment=attachment,
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
        attachments=[attachment] if attachment else [],
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
        Member.status == "active",
        Member.id != member.id,
        Member.id != request.asker_member_id,
        Member.id.not_in(reached),
    )
    return list((await session.scalars(query.order_by(Member.display_name).limit(40))).all())


async def forward(
    session: AsyncSession, now: datetime, request_id: int, member: Member, colleague_id: int
) -> tuple[InfoRequest, Member]:
    request = await get(session, request_id)
    role = await role_of(session, request, member)
    if member.status != "active" or role is None or not role.answers:
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
    if member.status != "active" or (
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
        .where(InfoRequestRecipient.request_id == request_id, Member.status == "active")
        .order_by(Member.id)
    )
    found = [(m, RecipientRole(r)) for m, r in (await session.execute(query)).all()]
    return [(m, r) for m, r in found if r.answers] if answering_only else found


async def advisory_members(session: AsyncSession) -> list[Member]:
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .join(Group, Group.id == Membership.group_id)
        .where(Group.kind == ADVISORY, Member.status == "active")
        .order_by(Member.id)
    )
    return list((await session.scalars(query)).all())

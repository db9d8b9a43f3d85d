"""The rules of monitoring requests: who may ask, whom a request reaches, who may answer,
forward, close or read it, and how its state moves. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit, scheduling
from bot.core.attachments import Attachment
from bot.core.local_time import day_start
from bot.core.permissions import Role
from bot.log import entries
from bot.members import directory
from bot.members.model import MemberStatus
from bot.requests.model import (
    REMIND_BEFORE_DAYS,
    REMIND_HOUR,
    Address,
    Kind,
    RecipientRole,
    RequestRefused,
    Status,
    Target,
    Timers,
)
from storage.meetings import MeetingChair
from storage.members import Group, Member, Membership
from storage.requests import InfoRequest, InfoRequestRecipient

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
    return member.status == MemberStatus.ACTIVE and (
        member.role == Role.COORDINATOR or is_advisory(member)
    )


async def regions(session: AsyncSession) -> Sequence[Group]:
    return await directory.all_groups(session, kind="committee")


async def addressees(session: AsyncSession, address: Address) -> list[Member]:
    """The active members a request is addressed to."""
    if address.target is Target.OFFICE:
        return list(await directory.coordinators(session))
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == address.group_id, Member.status == MemberStatus.ACTIVE)
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
        .where(MeetingChair.group_id == group_id, Member.status == MemberStatus.ACTIVE)
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
    attachment: Attachment | None,
    zone: ZoneInfo,
) -> Reached:
    if not may_ask(asker):
        raise RequestRefused("request.not_allowed")
    stored = attachment.to_json() if attachment is not None else None
    request = InfoRequest(
        kind=kind,
        asker_member_id=asker.id,
        target=address.target,
        group_id=address.group_id,
        agency=address.agency,
        text=text,
        attachment=stored,
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
        attachments=[stored] if stored else [],
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

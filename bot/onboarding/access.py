"""Access requests: someone without an invite asks to join; the first coordinator decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit, retention
from bot.core.flows import Flow, Step
from bot.core.permissions import Agency, default_role_for
from bot.core.text import fit
from bot.members import directory
from bot.onboarding.model import AccessStep, RequestStatus
from storage.members import AccessRequest, Draft, Group, Member

FLOW = Flow(
    "access",
    (
        Step(AccessStep.NAME, "text", max_len=128),
        Step(AccessStep.ORGANISATION, "text", max_len=160),
        Step(AccessStep.AGENCY, "choice"),
        Step(AccessStep.REGION, "choice"),
    ),
)


@dataclass(frozen=True)
class Decision:
    request: AccessRequest
    member: Member | None  # the new member when approved now
    already: bool  # another coordinator decided first


async def pending_for(session: AsyncSession, telegram_user_id: int) -> AccessRequest | None:
    return await session.scalar(
        select(AccessRequest).where(
            AccessRequest.telegram_user_id == telegram_user_id,
            AccessRequest.status == RequestStatus.PENDING,
        )
    )


class CoolingDown(Exception):
    """A rejected person asks again too soon: refused, and the coordinators not told again."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


async def cooling_down(
    session: AsyncSession, telegram_user_id: int, now: datetime, cooldown: timedelta
) -> datetime | None:
    """When the person may ask again, if a request of theirs was rejected too recently."""
    last = await session.scalar(
        select(func.max(AccessRequest.decided_at)).where(
            AccessRequest.telegram_user_id == telegram_user_id,
            AccessRequest.status == RequestStatus.REJECTED,
        )
    )
    return last + cooldown if last is not None and last + cooldown > now else None


async def submit(
    session: AsyncSession,
    now: datetime,
    telegram_user_id: int,
    language: str,
    data: dict[str, Any],
    region: Group,
    cooldown: timedelta = timedelta(0),
) -> AccessRequest:
    until = await cooling_down(session, telegram_user_id, now, cooldown)
    if until is not None:
        raise CoolingDown(until)
    request = AccessRequest(
        telegram_user_id=telegram_user_id,
        display_name=fit(data["name"], directory.NAME_MAX),
        organisation_name=fit(data["organisation"], directory.ORGANISATION_MAX),
        agency=data["agency"],
        group_id=region.id,
        language=language,
        status=RequestStatus.PENDING,
        created_at=now,
    )
    session.add(request)
    await session.flush()
    audit.record(
        session,
        now,
        "access.requested",
        actor_telegram_id=telegram_user_id,
        subject=("access_request", request.id),
    )
    return request


async def decide(
    session: AsyncSession, now: datetime, request_id: int, coordinator: Member, approve: bool
) -> Decision | None:
    request = await session.get(AccessRequest, request_id)
    if request is None:
        return None
    if request.status != RequestStatus.PENDING:
        return Decision(request, None, already=True)
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by_member_id, request.decided_at = coordinator.id, now
    member = None
    if not approve:  # a rejected request is not kept: deleted after 30 days
        retention.plan_forget_request(session, now, request.id)
    if approve:
        region = await session.get(Group, request.group_id)
        member = await directory.register(
            session,
            now,
            telegram_user_id=request.telegram_user_id,
            display_name=request.display_name,
            language=request.language,
            role=default_role_for(request.agency),
            agency=request.agency,
            organisation_name=request.organisation_name,
            groups=[region] if region else [],
        )
    audit.record(
        session,
        now,
        f"access.{request.status}",
        actor_member_id=coordinator.id,
        subject=("access_request", request.id),
    )
    return Decision(request, member, already=False)


async def decider_name(session: AsyncSession, request: AccessRequest) -> str:
    if request.decided_by_member_id is None:
        return ""
    decider = await session.get(Member, request.decided_by_member_id)
    return decider.display_name if decider else ""


async def committee_regions(session: AsyncSession) -> Sequence[Group]:
    return await directory.all_groups(session, kind="committee")


def choices(draft: Draft, regions: Sequence[Group]) -> set[str] | None:
    """The answers a choice step takes: a sector, or one of the regions there are now."""
    if draft.step == AccessStep.AGENCY:
        return {a.value for a in Agency}
    if draft.step == AccessStep.REGION:
        return {str(g.id) for g in regions}
    return None


def region_of(draft: Draft, regions: Sequence[Group]) -> Group | None:
    """The region answered, if it is still there."""
    return next((g for g in regions if str(g.id) == draft.data.get("region")), None)


async def region(session: AsyncSession, request: AccessRequest) -> Group | None:
    return await session.get(Group, request.group_id)

"""Referral between agencies: one acting on an alert hands it to another agency of the region,
whose members accept it (and then hold it) or decline it with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.model import Reason, ReferralStatus, Result, Status
from bot.alerts.routing import committee_members
from bot.alerts.rules import ESCALATE, STALE, acting, add_recipients, event, recipient
from bot.core import audit
from bot.core.permissions import Role, require_active
from bot.core.scheduling import cancel, plan
from bot.members import directory
from storage.alerts import Alert, AlertReferral
from storage.members import Group, Member


@dataclass
class Referred:
    result: Result  # done | refused | nobody
    referral: AlertReferral | None = None
    to: list[Member] = field(default_factory=list)


async def _receivers(
    session: AsyncSession, alert: Alert, member: Member, agencies: list[str] | None = None
) -> list[Member]:
    """Who in the region's committee could take it: not the referrer, not the sender (whose
    copy of the alert is theirs to watch, not to act on)."""
    region = await session.get(Group, alert.group_id)
    assert region is not None
    found = await committee_members(session, region, agencies)
    return [m for m in found if m.id not in (member.id, alert.raised_by_member_id)]


async def agencies_to_refer(session: AsyncSession, alert: Alert, member: Member) -> list[str]:
    """Agencies of the region's committee with someone to receive it, the referrer's excluded."""
    present = {m.agency for m in await _receivers(session, alert, member)}
    return sorted(a for a in present if a != member.agency)


async def refer(
    session: AsyncSession,
    now: datetime,
    alert_id: int,
    member: Member,
    agency: str,
    reason: str,
) -> Referred:
    require_active(member)
    alert = await session.get(Alert, alert_id)
    if alert is None or alert.status == Status.RESOLVED:
        return Referred(Result.REFUSED)
    if not any(r.member_id == member.id for r in await acting(session, alert_id)):
        return Referred(Result.REFUSED)
    to = await _receivers(session, alert, member, [agency])
    if not to or agency == member.agency:
        return Referred(Result.NOBODY)
    referral = AlertReferral(
        alert_id=alert.id,
        from_member_id=member.id,
        to_agency=agency,
        reason=reason,
        status=ReferralStatus.PENDING,
        created_at=now,
    )
    session.add(referral)
    await session.flush()
    await add_recipients(session, now, alert, to, Reason.REFERRAL)
    event(session, now, alert, "referred", member, text=reason, to=agency, referral=referral.id)
    return Referred(Result.DONE, referral, to)


async def may_answer(
    session: AsyncSession, now: datetime, referral: AlertReferral, member: Member
) -> bool:
    """Those the referral was sent to (the agency's members who received it), or a coordinator;
    anyone else's press is refused and audited."""
    if member.role == Role.COORDINATOR:
        return True
    received = await recipient(session, referral.alert_id, member.id) is not None
    if received and member.agency == referral.to_agency:
        return True
    audit.record(
        session,
        now,
        "alert.press_refused",
        actor_member_id=member.id,
        subject=("alert", referral.alert_id),
        press="referral",
        referral=referral.id,
    )
    return False


@dataclass
class Answered:
    result: Result  # done | already | refused
    referral: AlertReferral | None = None
    alert: Alert | None = None
    referrer: Member | None = None
    sender: Member | None = None


async def answer(
    session: AsyncSession,
    now: datetime,
    referral_id: int,
    member: Member,
    accept: bool,
    reason: str | None = None,
    stale_after: timedelta | None = None,
) -> Answered:
    """The first answer of the agency counts; accepting makes them hold and act on it."""
    require_active(member)
    referral = await session.get(AlertReferral, referral_id)
    if referral is None:
        return Answered(Result.REFUSED)
    alert = await session.get(Alert, referral.alert_id)
    assert alert is not None
    mine = member.id == alert.raised_by_member_id
    if mine or not await may_answer(session, now, referral, member):
        return Answered(Result.REFUSED, referral, alert)
    if alert.status == Status.RESOLVED:
        return Answered(Result.ALREADY, referral, alert)
    # Conditional, so two members of the agency pressing at once: the first answer counts.
    first = await session.execute(
        update(AlertReferral)
        .where(AlertReferral.id == referral.id, AlertReferral.status == ReferralStatus.PENDING)
        .values(
            status=ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED,
            answered_by_member_id=member.id,
            answered_at=now,
            answer_reason=reason,
        )
    )
    if not first.rowcount:  # type: ignore[attr-defined]
        return Answered(Result.ALREADY, referral, alert)
    referrer = await directory.by_id(session, referral.from_member_id)
    if accept:
        alert.holder_agency = referral.to_agency
        for row in await acting(session, alert.id):
            if row.member_id == referral.from_member_id:
                row.acting_since = None  # handed over: the new agency holds it now
        await add_recipients(session, now, alert, [member], Reason.REFERRAL)
        taker = await recipient(session, alert.id, member.id)
        assert taker is not None
        taker.acknowledged_at = taker.acknowledged_at or now
        taker.acting_since = now
        if alert.status != Status.IN_ACTION and stale_after is not None:
            await cancel(session, STALE, alert.id)
            plan(session, STALE, alert.id, now + stale_after, now)
        alert.status = Status.IN_ACTION
        alert.acknowledged_at = alert.acknowledged_at or now
        await cancel(session, ESCALATE, alert.id)  # e.g. re-armed by a release meanwhile
    kind = "referral_accepted" if accept else "referral_declined"
    event(session, now, alert, kind, member, text=reason, referral=referral.id)
    sender = await directory.by_id(session, alert.raised_by_member_id)
    return Answered(Result.DONE, referral, alert, referrer, sender)


async def referable(session: AsyncSession, alert_id: int, member: Member) -> list[str] | None:
    """The agencies this member may refer the alert to (maybe none); None when the alert is not
    theirs to refer (gone, or they are not acting on it)."""
    alert = await session.get(Alert, alert_id)
    if alert is None or not any(r.member_id == member.id for r in await acting(session, alert_id)):
        return None
    return await agencies_to_refer(session, alert, member)


async def may_decline(
    session: AsyncSession, now: datetime, referral_id: int, member: Member
) -> Result:
    """Whether to ask this member for a reason to decline: refused, already answered, or done."""
    referral = await session.get(AlertReferral, referral_id)
    if referral is None or not await may_answer(session, now, referral, member):
        return Result.REFUSED
    return Result.ALREADY if referral.status != ReferralStatus.PENDING else Result.DONE


async def agencies_for(session: AsyncSession, alert_id: int, member: Member) -> set[str]:
    """The agencies a referral being written may name (the answer is checked again on send)."""
    alert = await session.get(Alert, alert_id)
    return set(await agencies_to_refer(session, alert, member)) if alert is not None else set()

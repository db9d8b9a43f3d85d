"""Referral between agencies: one acting on an alert hands it to another agency of the region,
whose members accept it (and then hold it) or decline it with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.scheduling import plan
from bot.services import members
from bot.services.alert_routing import committee_members
from bot.services.alerts import STALE, acting, add_recipients, event, recipient
from storage.alerts import Alert, AlertReferral
from storage.members import Group, Member


@dataclass
class Referred:
    result: str  # done | refused | nobody | pending
    referral: AlertReferral | None = None
    to: list[Member] = field(default_factory=list)


async def agencies_to_refer(session: AsyncSession, alert: Alert, member: Member) -> list[str]:
    """Agencies of the region's committee with someone to receive it, the referrer's excluded."""
    region = await session.get(Group, alert.group_id)
    assert region is not None
    present = {m.agency for m in await committee_members(session, region)}
    return sorted(a for a in present if a != member.agency)


async def refer(
    session: AsyncSession,
    now: datetime,
    alert_id: int,
    member: Member,
    agency: str,
    reason: str,
) -> Referred:
    alert = await session.get(Alert, alert_id)
    if alert is None or alert.status == "resolved":
        return Referred("refused")
    if not any(r.member_id == member.id for r in await acting(session, alert_id)):
        return Referred("refused")
    region = await session.get(Group, alert.group_id)
    assert region is not None
    to = [m for m in await committee_members(session, region, [agency]) if m.id != member.id]
    if not to:
        return Referred("nobody")
    referral = AlertReferral(
        alert_id=alert.id,
        from_member_id=member.id,
        to_agency=agency,
        reason=reason,
        status="pending",
        created_at=now,
    )
    session.add(referral)
    await session.flush()
    await add_recipients(session, now, alert, to, "referral")
    event(session, now, alert, "referred", member, text=reason, to=agency, referral=referral.id)
    return Referred("done", referral, to)


@dataclass
class Answered:
    result: str  # done | already | refused
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
    referral = await session.get(AlertReferral, referral_id)
    if referral is None:
        return Answered("refused")
    alert = await session.get(Alert, referral.alert_id)
    assert alert is not None
    if member.agency != referral.to_agency and member.role != "coordinator":
        return Answered("refused", referral, alert)
    if referral.status != "pending" or alert.status == "resolved":
        return Answered("already", referral, alert)
    referral.status = "accepted" if accept else "declined"
    referral.answered_by_member_id, referral.answered_at = member.id, now
    referral.answer_reason = reason
    referrer = await members.by_id(session, referral.from_member_id)
    if accept:
        alert.holder_agency = referral.to_agency
        for row in await acting(session, alert.id):
            if row.member_id == referral.from_member_id:
                row.acting_since = None  # handed over: the new agency holds it now
        await add_recipients(session, now, alert, [member], "referral")
        taker = await recipient(session, alert.id, member.id)
        assert taker is not None
        taker.acknowledged_at = taker.acknowledged_at or now
        taker.acting_since = now
        if alert.status != "in_action" and stale_after is not None:
            plan(session, STALE, alert.id, now + stale_after, now)
        alert.status = "in_action"
    kind = "referral_accepted" if accept else "referral_declined"
    event(session, now, alert, kind, member, text=reason, referral=referral.id)
    sender = await members.by_id(session, alert.raised_by_member_id)
    return Answered("done", referral, alert, referrer, sender)

"""What people may see of alerts: a card's current state, /alerts lists, an alert's history."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.model import Status
from bot.core.permissions import Role
from bot.members.directory import label
from storage.alerts import Alert, AlertEvent, AlertRecipient
from storage.members import Group, Member
from storage.rosters import AlertOnDuty


@dataclass
class AlertView:
    alert: Alert
    region: Group
    sender: Member
    recipients: dict[int, AlertRecipient] = field(default_factory=dict)
    acknowledged: list[str] = field(default_factory=list)  # acknowledged, not acting
    acting: list[str] = field(default_factory=list)
    resolved_by: str | None = None
    # The rule every copy shows (as Grafana OnCall): the alert is acknowledged by the first
    # person who acknowledged it (or took action); later ones are "also on it".
    acknowledged_by: str | None = None
    acknowledged_by_id: int | None = None
    # Who was on duty in the routed sectors when it arrived outside working hours (the roster).
    on_duty: list[str] = field(default_factory=list)


async def _names(session: AsyncSession, ids: set[int]) -> dict[int, Member]:
    if not ids:
        return {}
    found = await session.scalars(select(Member).where(Member.id.in_(ids)))
    return {m.id: m for m in found.all()}


async def load(session: AsyncSession, alert_id: int) -> AlertView | None:
    alert = await session.get(Alert, alert_id)
    if alert is None:
        return None
    region = await session.get(Group, alert.group_id)
    rows = (
        await session.scalars(select(AlertRecipient).where(AlertRecipient.alert_id == alert_id))
    ).all()
    people = await _names(
        session,
        {r.member_id for r in rows} | {alert.raised_by_member_id, alert.resolved_by_member_id or 0},
    )
    sender = people[alert.raised_by_member_id]
    assert region is not None
    view = AlertView(alert, region, sender, {r.member_id: r for r in rows})
    by_time = sorted(rows, key=lambda r: (r.acknowledged_at or alert.created_at, r.member_id))
    first = next((r for r in by_time if r.acknowledged_at is not None), None)
    if first is not None:
        view.acknowledged_by = label(people[first.member_id])  # as every name on a card
        view.acknowledged_by_id = first.member_id
    for row in by_time:
        name = label(people[row.member_id])
        if row.acting_since is not None:
            view.acting.append(name)
        elif row.acknowledged_at is not None:
            view.acknowledged.append(name)
    if alert.resolved_by_member_id:
        view.resolved_by = label(people[alert.resolved_by_member_id])
    duty = await session.scalars(
        select(AlertOnDuty.member_id).where(
            AlertOnDuty.alert_id == alert_id, AlertOnDuty.outside_hours.is_(True)
        )
    )
    on_duty = list(duty.all())
    missing = await _names(session, {m for m in on_duty if m not in people})
    view.on_duty = [label({**people, **missing}[m]) for m in on_duty if m in {**people, **missing}]
    return view


async def may_see(session: AsyncSession, member: Member, alert: Alert) -> bool:
    """Reading follows the alert's audience, not the region: coordinators, the sender, and
    those it was routed, escalated or referred to (taking it over needs one of these)."""
    if member.role == Role.COORDINATOR or alert.raised_by_member_id == member.id:
        return True
    return await session.get(AlertRecipient, (alert.id, member.id)) is not None


async def visible_open(session: AsyncSession, member: Member, limit: int = 30) -> list[Alert]:
    query = select(Alert).where(Alert.status != Status.RESOLVED)
    if member.role != Role.COORDINATOR:
        received = select(AlertRecipient.alert_id).where(AlertRecipient.member_id == member.id)
        query = query.where(or_(Alert.raised_by_member_id == member.id, Alert.id.in_(received)))
    return list((await session.scalars(query.order_by(Alert.id.desc()).limit(limit))).all())


async def history(session: AsyncSession, alert_id: int) -> list[tuple[AlertEvent, str]]:
    events = (
        await session.scalars(
            select(AlertEvent).where(AlertEvent.alert_id == alert_id).order_by(AlertEvent.id)
        )
    ).all()
    people = await _names(session, {e.member_id for e in events if e.member_id})
    return [(e, people[e.member_id].display_name if e.member_id else "Ura") for e in events]


async def first_acknowledgers(session: AsyncSession, alert_ids: list[int]) -> dict[int, str]:
    """For /alerts: who acknowledged each alert first (the name every copy shows)."""
    if not alert_ids:
        return {}
    query = (
        select(AlertRecipient.alert_id, Member.display_name)
        .join(Member, Member.id == AlertRecipient.member_id)
        .where(AlertRecipient.alert_id.in_(alert_ids), AlertRecipient.acknowledged_at.is_not(None))
        .order_by(AlertRecipient.acknowledged_at.desc(), AlertRecipient.member_id.desc())
    )
    return {alert_id: name for alert_id, name in (await session.execute(query)).all()}


async def visible(session: AsyncSession, member: Member, alert_id: int) -> AlertView | None:
    """/alerts N: the alert's current state, if this member may see it."""
    alert = await session.get(Alert, alert_id)
    if alert is None or not await may_see(session, member, alert):
        return None
    return await load(session, alert_id)

"""The report's alert figures, read from the stored alerts, recipients and referrals.

No second bookkeeping: every figure is a query over what Ura already keeps (see the README's
"Monitoring reports" for the definitions). Works the same on SQLite and PostgreSQL: the
queries fetch a few columns per alert and the medians are taken here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reports import activity, monitoring
from bot.reports.model import Figures, Month, Period, Referrals, RegionAlerts, Timing
from bot.reports.period import month
from storage.alerts import Alert, AlertRecipient, AlertReferral
from storage.members import Group, Member
from storage.rosters import AlertOnDuty

URGENT = "urgent"
TREND_MONTHS = 12


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear between the closest ranks (a spreadsheet's PERCENTILE.INC); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timing(values: Sequence[float]) -> Timing:
    return Timing(len(values), percentile(values, 0.5), percentile(values, 0.9))


def minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


async def regions(session: AsyncSession) -> list[Group]:
    """The twelve Regional Committees, by name."""
    found = await session.scalars(
        select(Group).where(Group.kind == "committee").order_by(Group.name)
    )
    return list(found)


async def build(
    session: AsyncSession, period: Period, now: datetime, zone: ZoneInfo, window: timedelta
) -> Figures:
    start, end = period.bounds(zone)
    committees = await regions(session)
    by_id = {g.id: RegionAlerts(g.slug, g.name) for g in committees}
    categories: dict[str, int] = defaultdict(int)
    ack_times: dict[int, list[float]] = defaultdict(list)
    resolve_times: dict[int, list[float]] = defaultdict(list)
    window_min = window.total_seconds() / 60
    rows = await session.execute(
        select(
            Alert.group_id,
            Alert.category,
            Alert.urgency,
            Alert.created_at,
            Alert.acknowledged_at,
            Alert.resolved_at,
            Alert.escalation_level,
        ).where(Alert.created_at >= start, Alert.created_at < end)
    )
    for group_id, category, urgency, created, acked, resolved, level in rows:
        region = by_id.get(group_id)
        if region is None:
            continue  # an alert for a group that is not a region: not in the regional figures
        region.alerts += 1
        categories[category] += 1
        region.urgent += urgency == URGENT
        region.escalated += level > 0
        if acked is not None:
            region.acknowledged += 1
            ack_times[group_id].append(minutes(created, acked))
            region.urgent_in_window += urgency == URGENT and minutes(created, acked) <= window_min
        if resolved is not None:
            region.resolved += 1
            resolve_times[group_id].append(minutes(created, resolved) / 60)
    for group_id, region in by_id.items():
        region.ack = timing(ack_times[group_id])
        region.resolve = timing(resolve_times[group_id])
    held, roundtables = await activity.meetings(session, committees, start, min(end, now))
    asked, answer_days = await monitoring.requests(session, start, end, now, zone, committees)
    on_duty_alerts, on_duty_ack = await on_duty(session, start, end)
    return Figures(
        period=period,
        as_of=now,
        window_minutes=window_min,
        regions=list(by_id.values()),
        national_ack=timing([t for times in ack_times.values() for t in times]),
        categories=dict(categories),
        sectors=await sectors(session, start, end),
        referrals=await referrals(session, start, end),
        meetings=held,
        roundtables=roundtables,
        follow_ups=await activity.follow_ups(session, start, end, now),
        organisations=await activity.organisations(session, start, end),
        topics=await activity.topics(session, start, end),
        members=await activity.members(session, committees),
        pending_requests=await activity.pending_requests(session),
        trend=await trend(session, period, zone, window_min),
        requests=asked,
        request_days=answer_days,
        on_duty_alerts=on_duty_alerts,
        on_duty_ack=on_duty_ack,
    )


async def sectors(session: AsyncSession, start: datetime, end: datetime) -> dict[str, Timing]:
    """Per sector: minutes from an alert to the first acknowledgment by someone of it."""
    first_ack = func.min(AlertRecipient.acknowledged_at)
    rows = await session.execute(
        select(Member.agency, Alert.created_at, first_ack)
        .join(AlertRecipient, AlertRecipient.alert_id == Alert.id)
        .join(Member, Member.id == AlertRecipient.member_id)
        .where(
            Alert.created_at >= start,
            Alert.created_at < end,
            AlertRecipient.acknowledged_at.is_not(None),
        )
        .group_by(Alert.id, Alert.created_at, Member.agency)
    )
    times: dict[str, list[float]] = defaultdict(list)
    for agency, created, acked in rows:
        if acked is not None:
            times[agency].append(minutes(created, acked))
    return {agency: timing(values) for agency, values in sorted(times.items())}


async def on_duty(session: AsyncSession, start: datetime, end: datetime) -> tuple[int, Timing]:
    """Alerts that came outside working hours (the roster chose who was woken), and minutes
    from each to the first acknowledgment by a member who was on duty for it."""
    rows = await session.execute(
        select(Alert.id, Alert.created_at, func.min(AlertRecipient.acknowledged_at))
        .join(AlertOnDuty, AlertOnDuty.alert_id == Alert.id)
        .outerjoin(
            AlertRecipient,
            (AlertRecipient.alert_id == Alert.id)
            & (AlertRecipient.member_id == AlertOnDuty.member_id),
        )
        .where(
            Alert.created_at >= start, Alert.created_at < end, AlertOnDuty.outside_hours.is_(True)
        )
        .group_by(Alert.id, Alert.created_at)
    )
    found = list(rows)
    waited = [minutes(created, acked) for _, created, acked in found if acked is not None]
    return len(found), timing(waited)


async def referrals(session: AsyncSession, start: datetime, end: datetime) -> Referrals:
    rows = await session.execute(
        select(AlertReferral.status, func.count())
        .where(AlertReferral.created_at >= start, AlertReferral.created_at < end)
        .group_by(AlertReferral.status)
    )
    counts = {status: n for status, n in rows}
    return Referrals(
        made=sum(counts.values()),
        accepted=counts.get("accepted", 0),
        declined=counts.get("declined", 0),
        pending=counts.get("pending", 0),
    )


def months_back(period: Period) -> list[Period]:
    """The twelve months that end with the period's last month."""
    last = month(period.last.year, period.last.month)
    firsts = [last.first]
    while len(firsts) < TREND_MONTHS:
        previous = firsts[-1] - timedelta(days=1)
        firsts.append(previous.replace(day=1))
    return [month(f.year, f.month) for f in reversed(firsts)]


async def trend(
    session: AsyncSession, period: Period, zone: ZoneInfo, window: float
) -> list[Month]:
    months = months_back(period)
    start, _ = months[0].bounds(zone)
    _, end = months[-1].bounds(zone)
    rows = await session.execute(
        select(Alert.created_at, Alert.urgency, Alert.acknowledged_at).where(
            Alert.created_at >= start, Alert.created_at < end
        )
    )
    buckets: dict[tuple[int, int], list[tuple[str, float | None]]] = defaultdict(list)
    for created, urgency, acked in rows:
        local = created.astimezone(zone)
        waited = minutes(created, acked) if acked is not None else None
        buckets[(local.year, local.month)].append((urgency, waited))
    return [_month(m.first, buckets[(m.first.year, m.first.month)], window) for m in months]


def _month(first: date, alerts: Iterable[tuple[str, float | None]], window: float) -> Month:
    listed = list(alerts)
    urgent = [w for u, w in listed if u == URGENT]
    return Month(
        first=first,
        alerts=len(listed),
        urgent=len(urgent),
        urgent_in_window=sum(1 for w in urgent if w is not None and w <= window),
        ack_median=percentile([w for _, w in listed if w is not None], 0.5),
    )

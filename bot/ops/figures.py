"""The figures health and metrics are made of, read from the database (plain data, no labels).

Every process reads the same rows, so two instances report the same field figures. Regions
are committee slugs (public names of places); custom groups count as "custom", so no label
ever carries a person or a name someone typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Priority
from storage.alerts import Alert
from storage.channels import EmailMessage, WebhookDelivery
from storage.members import Group, Member
from storage.outbox import CLAIMED, PENDING, SENDING, UNCERTAIN, OutboxMessage
from storage.timers import Timer

PUBLIC_GROUP_KINDS = ("committee", "advisory")


@dataclass
class Figures:
    outbox_depth: dict[str, int] = field(default_factory=dict)  # priority name -> rows waiting
    outbox_lag_seconds: float = 0.0  # how long the oldest ready row has waited
    uncertain: int = 0
    timers_due: int = 0
    timers_late: int = 0
    alerts: dict[tuple[str, str, str], int] = field(default_factory=dict)  # state, region, cat
    ack_seconds: dict[str, list[float]] = field(default_factory=dict)  # region -> durations
    resolve_seconds: dict[str, list[float]] = field(default_factory=dict)
    unreachable: int = 0
    # The channels beyond Telegram: e-mails and webhook deliveries by state (the rows' totals).
    channel_sends: dict[tuple[str, str], int] = field(default_factory=dict)


def _priority(value: int) -> str:
    try:
        return Priority(value).name.lower()
    except ValueError:
        return str(value)


def _region(slug: str, kind: str) -> str:
    return slug if kind in PUBLIC_GROUP_KINDS else "custom"


async def database_reachable(session: AsyncSession) -> bool:
    await session.execute(text("SELECT 1"))
    return True


async def outbox_lag(session: AsyncSession, now: datetime) -> float:
    oldest = await session.scalar(
        select(func.min(OutboxMessage.not_before)).where(
            OutboxMessage.state.in_((PENDING, CLAIMED)), OutboxMessage.not_before <= now
        )
    )
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:  # SQLite hands back naive UTC
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - oldest).total_seconds())


async def read(session: AsyncSession, now: datetime, late_after: timedelta) -> Figures:
    figures = Figures(outbox_lag_seconds=await outbox_lag(session, now))
    waiting = OutboxMessage.state.in_((PENDING, CLAIMED, SENDING))
    for priority, count in await session.execute(
        select(OutboxMessage.priority, func.count()).where(waiting).group_by(OutboxMessage.priority)
    ):
        figures.outbox_depth[_priority(priority)] = count
    for p in Priority:
        figures.outbox_depth.setdefault(p.name.lower(), 0)
    figures.uncertain = (
        await session.scalar(select(func.count()).where(OutboxMessage.state == UNCERTAIN)) or 0
    )
    pending = (Timer.state == "pending", Timer.due_at <= now)
    figures.timers_due = await session.scalar(select(func.count()).where(*pending)) or 0
    figures.timers_late = (
        await session.scalar(select(func.count()).where(*pending, Timer.due_at < now - late_after))
        or 0
    )
    rows = await session.execute(
        select(
            Alert.status,
            Alert.category,
            Group.slug,
            Group.kind,
            Alert.created_at,
            Alert.acknowledged_at,
            Alert.resolved_at,
        ).join(Group, Group.id == Alert.group_id)
    )
    for status, category, slug, kind, created, acked, resolved in rows:
        region = _region(slug, kind)
        key = (status, region, category)
        figures.alerts[key] = figures.alerts.get(key, 0) + 1
        if acked is not None:
            figures.ack_seconds.setdefault(region, []).append((acked - created).total_seconds())
        if resolved is not None:
            span = (resolved - created).total_seconds()
            figures.resolve_seconds.setdefault(region, []).append(span)
    for channel, model in (("email", EmailMessage), ("webhook", WebhookDelivery)):
        for state, count in await session.execute(
            select(model.state, func.count()).group_by(model.state)
        ):
            figures.channel_sends[(channel, state)] = count
    figures.unreachable = (
        await session.scalar(
            select(func.count()).where(Member.reachable.is_(False), Member.status == "active")
        )
        or 0
    )
    return figures

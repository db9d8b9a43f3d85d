"""The weekly digest of each group: the week's updates by topic, open alerts of the region and
upcoming meetings, sent at the configured day and hour (URA_DIGEST_DAY, URA_DIGEST_HOUR).

Each group has one pending "exchange.digest" timer; firing sends the digest and plans the
next week's. ``plan_digests`` (called at start) plans what is missing, so it is idempotent.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.permissions import Role
from bot.core.rendering import Reply
from bot.core.scheduling import Fired, TimerHandler, pending, plan
from bot.exchange import notify
from bot.exchange.model import Digest, EntryKind
from bot.exchange.render.digest import digest as render
from bot.log import retention as exchange_retention
from bot.members import directory
from config.settings import Settings
from storage.alerts import Alert, AlertRecipient
from storage.db import SessionFactory
from storage.exchange import ExchangeEntry, ExchangeEntryGroup
from storage.meetings import Meeting
from storage.members import Group, Member

KIND = "exchange.digest"
WEEK = timedelta(days=7)
OPEN_ALERTS = ("open", "acknowledged", "in_action")


def next_digest(now: datetime, settings: Settings) -> datetime:
    """The next digest day and hour in the configured zone, strictly after now."""
    local = now.astimezone(settings.zone)
    days = (settings.digest_day - local.weekday()) % 7
    day = local.date() + timedelta(days=days)
    due = datetime.combine(day, time(settings.digest_hour), settings.zone)
    return due if due > now else due + WEEK


async def build(session: AsyncSession, group: Group, now: datetime) -> Digest:
    digest = Digest(group, now - WEEK, now)
    updates = await session.scalars(
        select(ExchangeEntry)
        .where(
            ExchangeEntry.kind == EntryKind.UPDATE,
            ExchangeEntry.current,
            ExchangeEntry.created_at >= digest.since,
            ExchangeEntry.created_at < now,
            exists().where(
                ExchangeEntryGroup.entry_id == ExchangeEntry.id,
                ExchangeEntryGroup.group_id == group.id,
            ),
        )
        .order_by(ExchangeEntry.id)
    )
    for entry in updates:
        digest.by_topic.setdefault(entry.topic or "other", []).append(entry)
    digest.alerts = list(
        await session.scalars(
            select(Alert)
            .where(Alert.group_id == group.id, Alert.status.in_(OPEN_ALERTS))
            .order_by(Alert.created_at)
        )
    )
    soon = await session.scalars(
        select(Meeting)
        .where(
            Meeting.status == "scheduled",
            Meeting.starts_at >= now,
            Meeting.starts_at < now + WEEK,
        )
        .order_by(Meeting.starts_at)
    )
    digest.meetings = [
        m for m in soon if m.audience.get("all") or group.id in m.audience.get("groups", [])
    ]
    return digest


async def for_reader(session: AsyncSession, found: Digest, member: Member | None) -> Digest:
    """The digest as one reader may see it: the open alerts they are the audience of
    (coordinators: all); a group chat (None) gets no alert lines at all."""
    if member is None:
        return replace(found, alerts=[], alerts_hidden=True)
    if member.role == Role.COORDINATOR:
        return found
    received = set(
        (
            await session.scalars(
                select(AlertRecipient.alert_id).where(
                    AlertRecipient.member_id == member.id,
                    AlertRecipient.alert_id.in_([a.id for a in found.alerts]),
                )
            )
        ).all()
    )
    mine = [a for a in found.alerts if a.id in received or a.raised_by_member_id == member.id]
    return replace(found, alerts=mine)


async def fire_digest(fired: Fired) -> None:
    session, now, settings = fired.session, fired.now, fired.settings
    if not settings.digest_enabled:
        return  # switched off since this was planned: neither send nor plan the next
    plan(session, KIND, fired.timer.ref_id, next_digest(now, settings), now)
    group = await session.get(Group, fired.timer.ref_id)
    if group is None:
        return
    found = await build(session, group, now)
    people, recipients = await notify.digest_recipients(session, group.id, fired.translator.default)
    seen: dict[int | None, Digest] = {None: await for_reader(session, found, None)}
    seen.update({m.id: await for_reader(session, found, m) for m in people})

    def reply(lang: str, member_id: int | None) -> Reply:
        return render(fired.translator, lang, seen[member_id], settings.zone)

    notify.send_digest(session, now, reply, recipients)


async def plan_group_digest(
    session: AsyncSession, now: datetime, settings: Settings, group_id: int
) -> None:
    """A group's weekly digest timer, unless it has one (also for a group made today)."""
    if settings.digest_enabled and not await pending(session, KIND, group_id):
        plan(session, KIND, group_id, next_digest(now, settings), now)


async def plan_digests(sessions: SessionFactory, clock: Clock, settings: Settings) -> None:
    """At start: every group gets its weekly digest timer, and retention its daily one."""
    now = clock.now()
    async with sessions.begin() as session:
        for group in await directory.all_groups(session):
            await plan_group_digest(session, now, settings, group.id)
        await exchange_retention.plan_purge(session, now, settings)


TIMERS: dict[str, TimerHandler] = {KIND: fire_digest, **exchange_retention.TIMERS}

"""The ONE place deciding who hears what about duty rosters:

- about an hour before a shift, the member on duty is reminded (once);
- a shift with nobody on it is announced a day ahead to the region's chairs (the coordinators
  where the region has no chair), once;
- a swap offer goes to the colleague with Accept/Decline; the answer goes back to the offerer.

A sweep timer (every SWEEP_MINUTES) plans a timer row per coming reminder and gap; those fire
once each, also across restarts and with two processes, and check the roster again when they
fire (a cover may have changed who is on duty)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import scheduling
from bot.core.i18n import Translator
from bot.core.scheduling import Fired, TimerHandler
from bot.delivery import Priority, enqueue_to
from bot.members import directory
from bot.members.model import MemberStatus
from bot.rosters import render, rules
from bot.rosters.duty import shift_at, shifts
from bot.rosters.model import GAP_LOOKAHEAD_HOURS, REMIND_BEFORE_MINUTES, SWEEP_MINUTES, Timers
from storage.meetings import MeetingChair
from storage.members import Group, Member
from storage.rosters import RosterOverride, Rotation
from storage.timers import Timer

LOOKBACK = timedelta(days=3)  # timers for a shift are planned at most a day and a bit ahead
REMIND = "roster.remind"
GAP = "roster.gap"


async def plan_sweep(session: AsyncSession, now: datetime) -> None:
    """At start and whenever a rotation is saved: the sweep runs only where rosters exist."""
    has_rosters = await session.scalar(select(Rotation.id).limit(1)) is not None
    if has_rosters and not await scheduling.pending(session, Timers.SWEEP, 0):
        scheduling.plan(session, Timers.SWEEP, 0, now, now)


async def _planned(session: AsyncSession, kind: str, rotation_id: int, starts: datetime) -> bool:
    """Whether this shift's reminder (or gap notice) was planned already, whatever its state."""
    query = select(Timer.payload).where(
        Timer.kind == kind, Timer.ref_id == rotation_id, Timer.created_at > starts - LOOKBACK
    )
    stamp = starts.isoformat()
    return any(p.get("starts_at") == stamp for p in (await session.scalars(query)).all())


async def fire_sweep(fired: Fired) -> None:
    session, now = fired.session, fired.now
    horizon = now + timedelta(hours=GAP_LOOKAHEAD_HOURS, minutes=SWEEP_MINUTES)
    for rotation in (await session.scalars(select(Rotation))).all():
        spec = await rules.spec_of(session, rotation)
        covers = await rules.covers_of(session, rotation, now)
        for shift in shifts(spec, covers, now, horizon):
            if shift.starts_at <= now:
                continue
            stamp = {"starts_at": shift.starts_at.isoformat()}
            if shift.member_id is None:
                due = max(now, shift.starts_at - timedelta(hours=GAP_LOOKAHEAD_HOURS))
                if not await _planned(session, GAP, rotation.id, shift.starts_at):
                    scheduling.plan(session, GAP, rotation.id, due, now, stamp)
                continue
            due = shift.starts_at - timedelta(minutes=REMIND_BEFORE_MINUTES)
            if due > now - timedelta(minutes=SWEEP_MINUTES) and not await _planned(
                session, REMIND, rotation.id, shift.starts_at
            ):
                scheduling.plan(session, REMIND, rotation.id, max(due, now), now, stamp)
    scheduling.plan(session, Timers.SWEEP, 0, now + timedelta(minutes=SWEEP_MINUTES), now)


async def _context(fired: Fired) -> tuple[Rotation, Group, datetime] | None:
    rotation = await fired.session.get(Rotation, fired.timer.ref_id)
    if rotation is None:
        return None
    group = await fired.session.get(Group, rotation.group_id)
    starts = datetime.fromisoformat(str(fired.timer.payload["starts_at"]))
    return (rotation, group, starts) if group is not None and starts > fired.now else None


async def fire_remind(fired: Fired) -> None:
    found = await _context(fired)
    if found is None:
        return
    rotation, group, starts = found
    spec = await rules.spec_of(fired.session, rotation)
    shift = shift_at(spec, await rules.covers_of(fired.session, rotation, fired.now), starts)
    member = await directory.by_id(fired.session, shift.member_id) if shift.member_id else None
    if member is None or member.status != MemberStatus.ACTIVE:
        return
    zone = fired.settings.zone
    reply = render.shift_reminder(fired.translator, member.language, rotation, group, shift, zone)
    enqueue_to(fired.session, member, reply, now=fired.now, priority=Priority.NOTICE)


async def watchers(session: AsyncSession, group_id: int) -> list[Member]:
    query = (
        select(Member)
        .join(MeetingChair, MeetingChair.member_id == Member.id)
        .where(MeetingChair.group_id == group_id, Member.status == MemberStatus.ACTIVE)
    )
    chairs = list((await session.scalars(query)).all())
    return chairs or list(await directory.coordinators(session))


async def fire_gap(fired: Fired) -> None:
    found = await _context(fired)
    if found is None:
        return
    rotation, group, starts = found
    spec = await rules.spec_of(fired.session, rotation)
    shift = shift_at(spec, await rules.covers_of(fired.session, rotation, fired.now), starts)
    if shift.member_id is not None:
        return  # someone was put on it since
    for member in await watchers(fired.session, group.id):
        reply = render.gap_notice(
            fired.translator, member.language, rotation, group, shift, fired.settings.zone
        )
        enqueue_to(fired.session, member, reply, now=fired.now, priority=Priority.NOTICE)


def swap_offered(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    offer: RosterOverride,
    offerer: Member,
    colleague: Member,
    rotation: Rotation,
    zone: object,
) -> None:
    reply = render.swap_offer(t, colleague.language, offer, offerer, rotation, zone)
    enqueue_to(session, colleague, reply, now=now, priority=Priority.INTERACTIVE)


def swap_answered(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    offer: RosterOverride,
    offerer: Member,
    colleague: Member,
    zone: object,
) -> None:
    reply = render.swap_answer(t, offerer.language, offer, colleague, zone)
    enqueue_to(session, offerer, reply, now=now, priority=Priority.INTERACTIVE)


TIMERS: dict[str, TimerHandler] = {
    Timers.SWEEP: fire_sweep,
    REMIND: fire_remind,
    GAP: fire_gap,
}

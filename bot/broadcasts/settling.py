"""After a broadcast's messages go out: settling it (the state, and whether this call is the
one that finished it) and sending it again to those it did not reach."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.audience import Snapshot, snapshot
from bot.broadcasts.model import FAILED_OUTCOMES, Status
from bot.broadcasts.rules import CHECK, CHECK_EVERY, Compose, audit_change, cancel, queue
from bot.core.scheduling import cancel as cancel_timers
from bot.core.scheduling import plan
from storage.members import Member
from storage.outbox import Broadcast


async def resend_failed(
    session: AsyncSession,
    now: datetime,
    broadcast: Broadcast,
    actor: Member,
    compose: Compose,
    outcomes: frozenset[str] = FAILED_OUTCOMES,
) -> int:
    """New rows for the recipients whose latest attempt failed or found them unreachable, or,
    only when the coordinator chooses so, for those it may not have reached (`outcomes`)."""
    state = await snapshot(session, broadcast)
    chosen = [p for p in state.problems if p.outcome in outcomes]
    if state.pending or not chosen:
        return 0
    ids = [p.member_id for p in chosen]
    query = select(Member).where(Member.id.in_(ids), Member.status == "active")
    people = (await session.scalars(query)).all()  # not those suspended since
    if not people:
        return 0
    # Reopen it only if it is still finished, so two presses (or two coordinators) at once
    # queue one resend, not two.
    reopened = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.finished_at.is_not(None))
        .values(status=Status.SENDING, finished_at=None),
        execution_options={"synchronize_session": False},
    )
    if not reopened.rowcount:  # type: ignore[attr-defined]
        return 0
    await session.refresh(broadcast)
    for member in people:
        queue(session, now, broadcast, member, compose, None)
    await cancel_timers(session, CHECK, broadcast.id)
    plan(session, CHECK, broadcast.id, now + CHECK_EVERY, now)
    audit_change(
        session,
        now,
        "resent",
        actor,
        broadcast,
        members=[m.id for m in people],
        to=sorted(outcomes),
    )
    return len(people)


async def settle(session: AsyncSession, now: datetime, broadcast: Broadcast) -> Snapshot:
    """After deliveries: the current state, and whether this call is the one that finished it."""
    state = await snapshot(session, broadcast)
    if broadcast.status == Status.SCHEDULED and state.done:
        broadcast.status = Status.SENDING
    if state.pending or broadcast.finished_at is not None:
        return state
    # Conditional, so two workers seeing the last row settle report it only once.
    claimed = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.finished_at.is_(None))
        .values(
            finished_at=now,
            status=Status.CANCELLED if broadcast.status == Status.CANCELLED else Status.DONE,
        ),
        execution_options={"synchronize_session": False},
    )
    await session.refresh(broadcast)
    return replace(state, finished=bool(claimed.rowcount))  # type: ignore[attr-defined]


async def stop(
    session: AsyncSession, now: datetime, broadcast_id: int, actor: Member
) -> tuple[Broadcast, int] | None:
    """Cancel what has not left yet: the broadcast and how many messages were stopped;
    None when there is no such broadcast or it was already over."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        return None
    stopped = await cancel(session, now, broadcast, actor)
    return None if stopped is None else (broadcast, stopped)


async def resend(
    session: AsyncSession,
    now: datetime,
    broadcast_id: int,
    actor: Member,
    compose: Compose,
    outcomes: frozenset[str],
) -> tuple[Broadcast, int] | None:
    """resend_failed, by the broadcast's id: None when nothing was sent again."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        return None
    count = await resend_failed(session, now, broadcast, actor, compose, outcomes)
    return (broadcast, count) if count else None

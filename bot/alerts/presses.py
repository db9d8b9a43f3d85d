"""The presses on an alert card that change who has it in hand: acknowledge and take action.

Each press is a conditional UPDATE of the presser's recipient row, so a double press — or two
presses racing in two transactions — changes it once (PostgreSQL re-checks the WHERE after the
first commits); the second is answered "already done".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.alerts.model import Reason, Result, Status
from bot.alerts.rules import ESCALATE, STALE, Outcome, event, recipient
from bot.core import audit
from bot.core.permissions import Role
from bot.core.scheduling import cancel, plan
from storage.alerts import Alert, AlertRecipient
from storage.members import Member


async def entitled(
    session: AsyncSession, now: datetime, alert_id: int, member: Member, action: str
) -> tuple[Alert | None, AlertRecipient | None, Result | None]:
    """The alert and the presser's recipient row, or why the press is refused."""
    alert = await session.get(Alert, alert_id)
    if alert is None:
        return None, None, Result.CLOSED
    row = await recipient(session, alert_id, member.id)
    if row is None and member.role == Role.COORDINATOR:
        # The national coordinator may step into any alert, e.g. one opened from /alerts.
        row = AlertRecipient(alert_id=alert_id, member_id=member.id, reason=Reason.COORDINATOR)
        row.created_at = now
        session.add(row)
    if row is None:
        audit.record(
            session,
            now,
            "alert.press_refused",
            actor_member_id=member.id,
            subject=("alert", alert_id),
            press=action,
        )
        return alert, None, Result.REFUSED
    if alert.status == Status.RESOLVED:
        return alert, row, Result.CLOSED
    return alert, row, None


async def claim(
    session: AsyncSession,
    column: InstrumentedAttribute[datetime | None],
    alert_id: int,
    member_id: int,
    value: datetime | None,
) -> bool:
    """Set one recipient's ack/acting time only if it is not set (clear it if value is None).

    A conditional UPDATE, so two presses racing in two transactions change it once: the second
    finds the row already changed (PostgreSQL re-checks the WHERE after the first commits).
    """
    was = column.is_(None) if value is not None else column.is_not(None)
    result = await session.execute(
        update(AlertRecipient)
        .where(AlertRecipient.alert_id == alert_id, AlertRecipient.member_id == member_id, was)
        .values({column.key: value})
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def acknowledge(
    session: AsyncSession, now: datetime, alert_id: int, member: Member
) -> Outcome:
    alert, row, refusal = await entitled(session, now, alert_id, member, "ack")
    if refusal or alert is None or row is None:
        return Outcome(refusal or Result.CLOSED, alert)
    if not await claim(session, AlertRecipient.acknowledged_at, alert_id, member.id, now):
        return Outcome(Result.ALREADY, alert)
    first = await session.execute(
        update(Alert)
        .where(Alert.id == alert.id, Alert.status == Status.OPEN)
        .values(status=Status.ACKNOWLEDGED, acknowledged_at=now)
    )
    if first.rowcount:  # type: ignore[attr-defined]
        await cancel(session, ESCALATE, alert.id)
    event(session, now, alert, "acknowledged", member)
    return Outcome(Result.DONE, alert)


async def take_action(
    session: AsyncSession, now: datetime, alert_id: int, member: Member, stale_after: timedelta
) -> Outcome:
    alert, row, refusal = await entitled(session, now, alert_id, member, "act")
    if refusal or alert is None or row is None:
        return Outcome(refusal or Result.CLOSED, alert)
    if not await claim(session, AlertRecipient.acting_since, alert_id, member.id, now):
        return Outcome(Result.ALREADY, alert)
    await claim(session, AlertRecipient.acknowledged_at, alert_id, member.id, now)
    alert.acknowledged_at = alert.acknowledged_at or now
    if alert.status != Status.IN_ACTION:
        alert.status = Status.IN_ACTION
        await cancel(session, STALE, alert.id)
        plan(session, STALE, alert.id, now + stale_after, now)
    await cancel(session, ESCALATE, alert.id)
    event(session, now, alert, "acting", member)
    return Outcome(Result.DONE, alert)

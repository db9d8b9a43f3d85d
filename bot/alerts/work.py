"""Working on an alert together: notes, releasing it, and resolving it with a closing note."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.model import Result, Status
from bot.alerts.presses import claim, entitled
from bot.alerts.rules import (
    ESCALATE,
    MAX_TEXT,
    STALE,
    Outcome,
    acting,
    arm_escalation,
    event,
)
from bot.core.permissions import Role, require_active
from bot.core.scheduling import cancel, plan
from bot.core.text import clean_text
from bot.log import entries
from storage.alerts import Alert, AlertRecipient
from storage.members import Member


async def _log_status(session: AsyncSession, now: datetime, alert: Alert, status: Status) -> None:
    """The log keeps the alert's status as a new version of its entry, never an overwrite."""
    entry = await entries.current_for_ref(session, ("alert", alert.id))
    if entry is not None:
        await entries.new_version(session, now, entry, meta={"status": status})


async def may_write(session: AsyncSession, alert_id: int, member: Member) -> bool:
    """Notes are for those acting on the alert (and the coordinators)."""
    alert = await session.get(Alert, alert_id)
    if alert is None or alert.status == Status.RESOLVED:
        return False
    return member.role == Role.COORDINATOR or any(
        r.member_id == member.id for r in await acting(session, alert_id)
    )


async def add_note(
    session: AsyncSession,
    now: datetime,
    alert_id: int,
    member: Member,
    text: str,
    stale_after: timedelta,
) -> Outcome:
    """A note in the history and the log; it re-arms the stale reminder (notify.py tells)."""
    require_active(member)
    alert = await session.get(Alert, alert_id)
    if alert is None or not await may_write(session, alert_id, member):
        return Outcome(Result.REFUSED, alert)
    # A reply to the card arrives unchecked (a sticker has no text, a paste may be huge).
    cleaned = clean_text(text, MAX_TEXT)
    if cleaned is None:
        return Outcome(Result.EMPTY, alert)
    text = cleaned
    event(session, now, alert, "note", member, text=text)
    await entries.record_answer(
        session, now, about=("alert", alert.id), sender=member, text=text, kind="note"
    )
    if alert.status == Status.IN_ACTION:
        await cancel(session, STALE, alert.id)
        plan(session, STALE, alert.id, now + stale_after, now)
    return Outcome(Result.DONE, alert, text)


async def release(
    session: AsyncSession, now: datetime, alert_id: int, member: Member, interval: timedelta
) -> Outcome:
    """Whoever took the alert gives it back; with nobody left acting, escalation re-arms."""
    require_active(member)
    alert, row, refusal = await entitled(session, now, alert_id, member, "release")
    if refusal or alert is None or row is None:
        return Outcome(refusal or Result.CLOSED, alert)
    if not await claim(session, AlertRecipient.acting_since, alert.id, member.id, None):
        return Outcome(Result.ALREADY, alert)
    event(session, now, alert, "released", member)
    still = await acting(session, alert.id)
    if not still:
        alert.status = Status.ACKNOWLEDGED
        await cancel(session, STALE, alert.id)
        await cancel(session, ESCALATE, alert.id)
        await arm_escalation(session, now, alert, interval, until="act")
    return Outcome(Result.DONE, alert)


async def resolve(
    session: AsyncSession, now: datetime, alert_id: int, member: Member, note: str
) -> Outcome:
    require_active(member)
    alert, row, refusal = await entitled(session, now, alert_id, member, "resolve")
    if refusal or alert is None or row is None:
        return Outcome(refusal or Result.CLOSED, alert)
    if member.role != Role.COORDINATOR:
        return Outcome(Result.REFUSED, alert)
    alert.status, alert.resolved_at = Status.RESOLVED, now
    alert.resolved_by_member_id, alert.closing_note = member.id, note
    await cancel(session, ESCALATE, alert.id)
    await cancel(session, STALE, alert.id)
    event(session, now, alert, "resolved", member, text=note)
    await _log_status(session, now, alert, Status.RESOLVED)
    await entries.record_answer(
        session, now, about=("alert", alert.id), sender=member, text=note, kind="note"
    )
    return Outcome(Result.DONE, alert, note)


async def may_resolve(session: AsyncSession, alert_id: int) -> bool:
    """Whether a closing note is worth asking for: the alert is there and still open."""
    alert = await session.get(Alert, alert_id)
    return alert is not None and alert.status != Status.RESOLVED

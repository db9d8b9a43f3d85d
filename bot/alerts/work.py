"""Working on an alert together: notes, releasing it, and resolving it with a closing note."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.presses import claim
from bot.alerts.rules import (
    ESCALATE,
    MAX_TEXT,
    STALE,
    Outcome,
    acting,
    arm_escalation,
    entitled,
    event,
)
from bot.core.permissions import require_active
from bot.core.scheduling import cancel, plan
from bot.core.text import clean_text
from bot.log import entries
from bot.members import directory
from storage.alerts import Alert, AlertRecipient
from storage.members import Member


async def _people(session: AsyncSession, ids: list[int], but: int) -> list[Member]:
    found = []
    for member_id in dict.fromkeys(ids):
        person = await directory.by_id(session, member_id)
        if person is not None and person.id != but and person.status == "active":
            found.append(person)
    return found


async def _log_status(session: AsyncSession, now: datetime, alert: Alert, status: str) -> None:
    """The log keeps the alert's status as a new version of its entry, never an overwrite."""
    entry = await entries.current_for_ref(session, ("alert", alert.id))
    if entry is not None:
        await entries.new_version(session, now, entry, meta={"status": status})


async def may_write(session: AsyncSession, alert_id: int, member: Member) -> bool:
    """Notes are for those acting on the alert (and the coordinators)."""
    alert = await session.get(Alert, alert_id)
    if alert is None or alert.status == "resolved":
        return False
    return member.role == "coordinator" or any(
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
    """The note goes to the sender and everyone acting, and re-arms the stale reminder."""
    require_active(member)
    alert = await session.get(Alert, alert_id)
    if alert is None or not await may_write(session, alert_id, member):
        return Outcome("refused", alert)
    # A reply to the card arrives unchecked (a sticker has no text, a paste may be huge).
    cleaned = clean_text(text, MAX_TEXT)
    if cleaned is None:
        return Outcome("empty", alert)
    text = cleaned
    event(session, now, alert, "note", member, text=text)
    await entries.record_answer(
        session, now, about=("alert", alert.id), sender=member, text=text, kind="note"
    )
    if alert.status == "in_action":
        await cancel(session, STALE, alert.id)
        plan(session, STALE, alert.id, now + stale_after, now)
    ids = [alert.raised_by_member_id, *(r.member_id for r in await acting(session, alert.id))]
    return Outcome("done", alert, await _people(session, ids, member.id), text)


async def release(
    session: AsyncSession, now: datetime, alert_id: int, member: Member, interval: timedelta
) -> Outcome:
    """Whoever took the alert gives it back; with nobody left acting, escalation re-arms."""
    require_active(member)
    alert, row, refusal = await entitled(session, now, alert_id, member, "release")
    if refusal or alert is None or row is None:
        return Outcome(refusal or "closed", alert)
    if not await claim(session, AlertRecipient.acting_since, alert.id, member.id, None):
        return Outcome("already", alert)
    event(session, now, alert, "released", member)
    still = await acting(session, alert.id)
    if not still:
        alert.status = "acknowledged"
        await cancel(session, STALE, alert.id)
        await cancel(session, ESCALATE, alert.id)
        await arm_escalation(session, now, alert, interval, until="act")
    coordinators = [c.id for c in await directory.coordinators(session)]
    ids = [alert.raised_by_member_id, *(r.member_id for r in still), *coordinators]
    return Outcome("done", alert, await _people(session, ids, member.id))


async def resolve(
    session: AsyncSession, now: datetime, alert_id: int, member: Member, note: str
) -> Outcome:
    require_active(member)
    alert, row, refusal = await entitled(session, now, alert_id, member, "resolve")
    if refusal or alert is None or row is None:
        return Outcome(refusal or "closed", alert)
    if member.role != "coordinator":
        return Outcome("refused", alert)
    alert.status, alert.resolved_at = "resolved", now
    alert.resolved_by_member_id, alert.closing_note = member.id, note
    await cancel(session, ESCALATE, alert.id)
    await cancel(session, STALE, alert.id)
    event(session, now, alert, "resolved", member, text=note)
    await _log_status(session, now, alert, "resolved")
    await entries.record_answer(
        session, now, about=("alert", alert.id), sender=member, text=note, kind="note"
    )
    ids = [alert.raised_by_member_id]
    ids += list(
        (
            await session.scalars(
                select(AlertRecipient.member_id).where(AlertRecipient.alert_id == alert.id)
            )
        ).all()
    )
    return Outcome("done", alert, await _people(session, ids, member.id))

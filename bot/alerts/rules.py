"""The alert rules: raising an alert, and what every later step shares (who may press, the
history, the escalation timer). The presses are in alert_presses.py, notes, release and
resolve in alert_work.py, referrals in alert_referrals.py — one transaction each.

Functions take a session and plain values and return what happened; the handlers and the
timers render and send (bot/alerts/notify.py). Every change is an AlertEvent (the
alert's history) and an audit record; descriptions and notes stay out of the audit log
(least data: the history row is the one copy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.escalation import policy_for
from bot.alerts.model import Reason, Result, Status, Urgency
from bot.alerts.routing import route
from bot.core import audit
from bot.core.attachments import Attachment
from bot.core.permissions import require_active
from bot.core.scheduling import plan
from bot.log import entries
from bot.log import readers as exchange_readers
from bot.members import directory
from bot.rosters import rules as rosters
from storage.alerts import Alert, AlertEvent, AlertRecipient
from storage.members import Group, Member

URGENCIES = tuple(Urgency)
ESCALATE = "alert.escalate"
STALE = "alert.stale"
MAX_TEXT = 20000  # a description or note; Telegram's 4096 is the delivery engine's problem


DEFAULT_ZONE = ZoneInfo("Europe/Tirane")


@dataclass
class Raised:
    alert: Alert
    recipients: list[Member]
    agencies: list[str]
    coordinators: bool  # the coordinators received it too
    nobody_matched: bool


@dataclass
class Outcome:
    """What a press did: done, already (nothing changed), refused (not a recipient), closed."""

    result: Result
    alert: Alert | None = None
    text: str = ""  # a note (or a closing note) as kept, cleaned


def event(
    session: AsyncSession,
    now: datetime,
    alert: Alert,
    kind: str,
    member: Member | None = None,
    text: str | None = None,
    **details: Any,
) -> None:
    session.add(
        AlertEvent(
            alert_id=alert.id,
            member_id=member.id if member else None,
            kind=kind,
            text=text,
            details=details,
            at=now,
        )
    )
    audit.record(
        session,
        now,
        f"alert.{kind}",
        actor_member_id=member.id if member else None,
        subject=("alert", alert.id),
        **details,
    )


async def arm_escalation(
    session: AsyncSession,
    now: datetime,
    alert: Alert,
    interval: timedelta,
    until: str = "ack",
    step: int = 0,
) -> bool:
    """Plan the escalation step, if the policy has one; a row, so a restart keeps it."""
    region = await session.get(Group, alert.group_id)
    assert region is not None
    steps = await policy_for(session, region.slug, alert.category, interval)
    if alert.urgency != Urgency.URGENT or step >= len(steps):
        return False
    payload = {"step": step, "until": until, "since": now.isoformat()}
    if step > 0:
        payload["since"] = (await _since(session, alert, until)).isoformat()
    plan(session, ESCALATE, alert.id, now + steps[step].delay, now, payload)
    return True


async def _since(session: AsyncSession, alert: Alert, until: str) -> datetime:
    if until == "ack":
        return alert.created_at
    last = await session.scalar(
        select(AlertEvent.at)
        .where(AlertEvent.alert_id == alert.id, AlertEvent.kind == "released")
        .order_by(AlertEvent.id.desc())
    )
    return last or alert.created_at


async def add_recipients(
    session: AsyncSession, now: datetime, alert: Alert, people: list[Member], reason: Reason
) -> list[Member]:
    """Record who receives the alert; returns those who did not have it already."""
    known = set(
        (
            await session.scalars(
                select(AlertRecipient.member_id).where(AlertRecipient.alert_id == alert.id)
            )
        ).all()
    )
    added = []
    for person in people:
        if person.id in known or person.id == alert.raised_by_member_id:
            continue
        known.add(person.id)
        session.add(
            AlertRecipient(alert_id=alert.id, member_id=person.id, reason=reason, created_at=now)
        )
        added.append(person)
    await session.flush()
    # Whoever receives the alert may read it in the log too: its entry, versions and notes.
    await exchange_readers.grant(session, ("alert", alert.id), [p.id for p in added])
    return added


async def raise_alert(
    session: AsyncSession,
    now: datetime,
    sender: Member,
    data: dict[str, Any],
    interval: timedelta,
    zone: ZoneInfo = DEFAULT_ZONE,
) -> Raised:
    require_active(sender)
    region = await directory.group_by_choice(session, data["region"])
    assert region is not None
    alert = Alert(
        raised_by_member_id=sender.id,
        group_id=region.id,
        category=data["category"],
        urgency=data["urgency"],
        description=data["description"],
        attachment=data.get("attachment"),
        status=Status.OPEN,
        escalation_level=0,
        created_at=now,
    )
    session.add(alert)
    await session.flush()
    routed = await route(session, region, alert.category, sender.id)
    # Outside working hours an urgent alert wakes those on duty first; escalation the rest.
    first = await rosters.first_responders(
        session, region, routed.members, alert.urgency == Urgency.URGENT, now, zone
    )
    rosters.remember(session, alert.id, first)
    recipients = await add_recipients(session, now, alert, first.members, Reason.ROUTED)
    nobody = not recipients
    to_coordinators = alert.urgency == Urgency.URGENT or nobody
    if to_coordinators:
        others = [c for c in await directory.coordinators(session) if c.id != sender.id]
        recipients += await add_recipients(session, now, alert, others, Reason.COORDINATOR)
    event(
        session,
        now,
        alert,
        "raised",
        sender,
        category=alert.category,
        urgency=alert.urgency,
        region=region.slug,
        recipients=len(recipients),
        agencies=routed.agencies,
        guard_kept=bool(data.get("guard_kept")),  # identifiers were found and kept on purpose
    )
    await entries.record(
        session,
        now,
        kind="alert",
        sender=sender,
        group_ids=[region.id],
        topic=alert.category,
        text=alert.description,
        attachments=logged_attachments(alert.attachment),
        ref=("alert", alert.id),
        meta={"status": Status.OPEN.value, "urgency": alert.urgency},
        readers=[sender.id, *(p.id for p in recipients)],
    )
    await arm_escalation(session, now, alert, interval)
    return Raised(alert, recipients, routed.agencies, to_coordinators, nobody)


def logged_attachments(stored: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The alert's attachment as the exchange log keeps every attachment: the one Attachment
    shape ``{"kind": ...}`` (a location logged in a shape its readers did not read made a
    location read as a document without a file id: a KeyError)."""
    found = Attachment.from_json(stored)
    return [] if found is None else [found.to_json()]


async def recipient(session: AsyncSession, alert_id: int, member_id: int) -> AlertRecipient | None:
    return await session.get(AlertRecipient, (alert_id, member_id))


async def acting(session: AsyncSession, alert_id: int) -> list[AlertRecipient]:
    query = select(AlertRecipient).where(
        AlertRecipient.alert_id == alert_id, AlertRecipient.acting_since.is_not(None)
    )
    return list((await session.scalars(query.order_by(AlertRecipient.acting_since))).all())

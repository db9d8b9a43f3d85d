"""Outgoing webhooks: endpoints other systems register, the events they get, and signatures.

Events come from the audit log (every action is audited there): a dispatcher reads it in order
from a cursor kept in the database and turns each matching row into one delivery per endpoint,
in one transaction, so an event is queued once even across crashes and two processes. Each body
is JSON with a stable schema, signed ``X-Ura-Signature: sha256=<hex HMAC of the body>`` with the
endpoint's secret, as GitHub and Stripe sign theirs."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.model import EVENTS, SendState, WebhookEvent
from storage.alerts import Alert
from storage.audit import AuditEvent
from storage.channels import ChannelCursor, WebhookDelivery, WebhookEndpoint
from storage.meetings import Meeting
from storage.members import Group

CURSOR = "webhooks"
# The alert's status each event speaks of (the alerts' own words: channels sit below them).
STATUS_AT = {
    WebhookEvent.ALERT_RAISED: "open",
    WebhookEvent.ALERT_ACKNOWLEDGED: "acknowledged",
    WebhookEvent.ALERT_ACTING: "in_action",
    WebhookEvent.ALERT_RESOLVED: "resolved",
}
SIGNATURE_HEADER = "X-Ura-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, body).encode(), signature.encode())


class WebhookRefused(ValueError):
    """An endpoint that cannot be registered; the message says why."""


def check_url(url: str) -> str:
    if (
        not url.startswith(("https://", "http://"))
        or len(url) > 500
        or any(c.isspace() for c in url)
    ):
        raise WebhookRefused("the URL must start with https:// (or http:// on a private network)")
    return url


def check_events(names: list[str]) -> list[str]:
    unknown = [n for n in names if n not in EVENTS]
    if not names or unknown:
        raise WebhookRefused(f"unknown events {unknown or names}; known: {', '.join(EVENTS)}")
    return sorted(set(names))


async def add(
    session: AsyncSession, now: datetime, url: str, events: list[str], with_texts: bool
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its secret (shown once, to give the receiver)."""
    secret = secrets.token_hex(32)
    endpoint = WebhookEndpoint(
        url=check_url(url),
        secret=secret,
        events=check_events(events),
        with_texts=with_texts,
        active=True,
        created_at=now,
    )
    session.add(endpoint)
    await session.flush()
    await _start_cursor(session)
    return endpoint, secret


async def _start_cursor(session: AsyncSession) -> None:
    """A new endpoint hears of what happens from now on, not the whole past."""
    if await session.get(ChannelCursor, CURSOR) is None:
        last = await session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
        session.add(ChannelCursor(name=CURSOR, last_id=last or 0, meta={}))


async def _payload(
    session: AsyncSession, row: AuditEvent, event: WebhookEvent, with_texts: bool
) -> dict[str, Any]:
    """What an event says: ids, states and places; texts only for endpoints that declared them."""
    data: dict[str, Any] = {"subject": {"type": row.subject_type, "id": row.subject_id}}
    raw = row.subject_id or ""
    subject_id = int(raw) if raw.isascii() and raw.isdigit() else None
    if row.subject_type == "alert" and subject_id is not None:
        alert = await session.get(Alert, subject_id)
        if alert is not None:
            group = await session.get(Group, alert.group_id)
            data["alert"] = {
                "id": alert.id,
                "region": group.slug if group else None,
                "category": alert.category,
                "urgency": alert.urgency,
                "status": alert.status,
                "escalation_level": alert.escalation_level,
            }
            # The state the event speaks of, not whatever came after it before this was read.
            data["alert"]["status"] = STATUS_AT.get(event, alert.status)
            if with_texts:
                data["alert"]["description"] = alert.description
    elif row.subject_type == "meeting" and subject_id is not None:
        meeting = await session.get(Meeting, subject_id)
        if meeting is not None:
            data["meeting"] = {
                "id": meeting.id,
                "starts_at": meeting.starts_at.isoformat(),
                "duration_minutes": meeting.duration_minutes,
                "status": meeting.status,
            }
            if with_texts:
                data["meeting"].update(
                    title=meeting.title, place=meeting.place, agenda=meeting.agenda
                )
    keep = ("kind", "target", "urgency", "category", "region", "step", "verdict", "recipients")
    data["details"] = {k: v for k, v in (row.details or {}).items() if k in keep}
    return data


def body_of(event_id: str, event: WebhookEvent, at: datetime, data: dict[str, Any]) -> str:
    """The stable schema: {"id", "event", "created_at", "data"}; keys sorted, UTF-8."""
    return json.dumps(
        {"id": event_id, "event": event, "created_at": at.isoformat(), "data": data},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def _event_name(action: str) -> WebhookEvent | None:
    return WebhookEvent(action) if action in EVENTS else None


async def dispatch(session: AsyncSession, now: datetime, limit: int = 200) -> int:
    """Turn audit rows after the cursor into deliveries for the endpoints that want them. The
    cursor row is locked (PostgreSQL) or the transaction holds SQLite's write lock, so two
    processes never queue an event twice."""
    cursor = await session.get(ChannelCursor, CURSOR, with_for_update=True)
    if cursor is None:
        return 0
    endpoints = list(
        (await session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active))).all()
    )
    rows = (
        await session.scalars(
            select(AuditEvent)
            .where(AuditEvent.id > cursor.last_id)
            .order_by(AuditEvent.id)
            .limit(limit)
        )
    ).all()
    queued = 0
    for row in rows:
        cursor.last_id = row.id
        name = _event_name(row.action)
        if name is None:
            continue
        for endpoint in endpoints:
            if name not in endpoint.events:
                continue
            event_id = str(uuid.uuid4())
            data = await _payload(session, row, name, endpoint.with_texts)
            session.add(
                WebhookDelivery(
                    endpoint_id=endpoint.id,
                    event_id=event_id,
                    event=name,
                    body=body_of(event_id, name, row.at, data),
                    state=SendState.PENDING,
                    attempts=0,
                    not_before=now,
                    created_at=now,
                )
            )
            queued += 1
    return queued


async def ping(session: AsyncSession, now: datetime, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """`ura webhooks test`: a ping queued for one endpoint, sent like any other event."""
    event_id = str(uuid.uuid4())
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id,
        event_id=event_id,
        event=WebhookEvent.PING,
        body=body_of(event_id, WebhookEvent.PING, now, {"endpoint": endpoint.id}),
        state=SendState.PENDING,
        attempts=0,
        not_before=now,
        created_at=now,
    )
    session.add(delivery)
    await session.flush()
    return delivery

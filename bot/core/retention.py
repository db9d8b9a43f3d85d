"""Retention of people's words beyond the exchange log: alerts, notes, referrals, meetings,
follow-ups, broadcasts, access requests, saved forms, timer errors and audit details.

Each purge blanks the free text of rows older than the retention period and keeps the rows
themselves (ids, kinds, states, times, counts), so reports can still count them. Saved forms
are deleted. A rejected access request is deleted REJECTED_REQUEST_DAYS after the decision,
whatever the retention setting says (a timer planned by the rejection). On SQLite the
database runs with `secure_delete` (storage/db.py) and the search index is merged after a
purge, so the blanked text leaves the file too.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, null, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.scheduling import plan
from storage.alerts import Alert, AlertEvent, AlertReferral
from storage.audit import AuditEvent
from storage.exchange import FTS_TABLE
from storage.meetings import Meeting, MeetingAction
from storage.members import AccessRequest, Draft
from storage.outbox import Broadcast
from storage.requests import InfoRequest, InfoRequestAnswer
from storage.timers import Timer

REJECTED_REQUEST_DAYS = 30
FORGET_REQUEST = "access.forget"  # the timer that deletes one rejected request
PURGE_ACTION = "exchange.purged"
# An audit detail that is a code (a state, a role, an agency, a slug) is kept; anything
# else that is text (a name, a reason, an error message) is blanked.
_CODE = re.compile(r"^[a-z0-9_.:*/-]{0,40}$")


def _rows(result: Any) -> int:
    return int(result.rowcount or 0)


def _blank(column: Any) -> Any:
    """NULL stays NULL (nothing was written), text becomes empty (something was)."""
    return case((column.is_(None), None), else_="")


async def purge_words(session: AsyncSession, now: datetime, days: int) -> dict[str, int]:
    """Blank every free text older than `days`; returns how many rows of each kind."""
    cutoff = now - timedelta(days=days)
    counts: dict[str, int] = {}

    async def run(name: str, statement: Any) -> None:
        counts[name] = _rows(await session.execute(statement))

    await run(
        "alerts",
        update(Alert)
        .where(Alert.created_at < cutoff)
        .where(or_(Alert.description != "", Alert.closing_note != ""))
        .values(description="", attachment=null(), closing_note=_blank(Alert.closing_note)),
    )
    await run(
        "notes",
        update(AlertEvent).where(AlertEvent.at < cutoff, AlertEvent.text != "").values(text=""),
    )
    await run(
        "referrals",
        update(AlertReferral)
        .where(AlertReferral.created_at < cutoff)
        .where(or_(AlertReferral.reason != "", AlertReferral.answer_reason != ""))
        .values(reason="", answer_reason=_blank(AlertReferral.answer_reason)),
    )
    await run(
        "meetings",
        update(Meeting)
        .where(Meeting.starts_at < cutoff, Meeting.updated_at < cutoff)
        .where(or_(Meeting.title != "", Meeting.place != "", Meeting.agenda != ""))
        .values(title="", place="", agenda=""),
    )
    await run(
        "follow_ups",
        update(MeetingAction)
        .where(MeetingAction.created_at < cutoff, MeetingAction.due_at < cutoff)
        .where(MeetingAction.text != "")
        .values(text=""),
    )
    await run(
        "broadcasts",
        update(Broadcast)
        .where(Broadcast.created_at < cutoff, Broadcast.status.in_(("done", "cancelled")))
        .where(or_(Broadcast.text_sq != "", Broadcast.text_en != ""))
        .values(text_sq="", text_en=_blank(Broadcast.text_en), attachment=null()),
    )
    await run(
        "access_requests",
        update(AccessRequest)
        .where(AccessRequest.status != "pending", AccessRequest.decided_at < cutoff)
        .where(or_(AccessRequest.display_name != "", AccessRequest.organisation_name != ""))
        .values(display_name="", organisation_name=""),
    )
    await run("drafts", delete(Draft).where(Draft.updated_at < cutoff))
    await run(
        "timer_errors",
        update(Timer)
        .where(Timer.created_at < cutoff, Timer.last_error.is_not(None))
        .values(last_error=null()),
    )
    counts["audit"] = await _scrub_audit(session, cutoff)
    return counts


def plan_forget_request(session: AsyncSession, now: datetime, request_id: int) -> None:
    """Called when a request is rejected: it is deleted REJECTED_REQUEST_DAYS later."""
    due = now + timedelta(days=REJECTED_REQUEST_DAYS)
    plan(session, FORGET_REQUEST, request_id, due, now)


async def forget_rejected_request(session: AsyncSession, request_id: int) -> bool:
    result = await session.execute(
        delete(AccessRequest).where(
            AccessRequest.id == request_id, AccessRequest.status == "rejected"
        )
    )
    return _rows(result) == 1


async def purge_rejected_requests(session: AsyncSession, now: datetime) -> int:
    """A rejected request is not kept at all after a month (the audit row says it happened)."""
    cutoff = now - timedelta(days=REJECTED_REQUEST_DAYS)
    result = await session.execute(
        delete(AccessRequest).where(
            AccessRequest.status == "rejected", AccessRequest.decided_at < cutoff
        )
    )
    return _rows(result)


def scrub_details(details: dict[str, Any]) -> dict[str, Any]:
    """Keep numbers, flags and codes; blank any other text, also inside lists and dicts."""

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return value if _CODE.match(value) else ""
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    return {key: scrub(value) for key, value in details.items()}


async def _scrub_audit(session: AsyncSession, cutoff: datetime) -> int:
    """Audit rows are append-only for the application; retention is the one rewrite, and
    only of the details' text, from where the previous purge stopped up to the cutoff."""
    previous = await session.scalar(
        select(AuditEvent.details)
        .where(AuditEvent.action == PURGE_ACTION)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    since = (previous or {}).get("before")
    query = select(AuditEvent.id, AuditEvent.details).where(
        AuditEvent.at < cutoff, AuditEvent.action != PURGE_ACTION
    )
    if since:
        query = query.where(AuditEvent.at >= datetime.fromisoformat(since))
    scrubbed = 0
    for event_id, details in (await session.execute(query)).all():
        clean = scrub_details(details or {})
        if clean != details:
            await session.execute(
                update(AuditEvent).where(AuditEvent.id == event_id).values(details=clean)
            )
            scrubbed += 1
    return scrubbed


async def compact_search_index(session: AsyncSession) -> None:
    """SQLite's FTS5 keeps deleted terms in old segments until they are merged."""
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))


async def purge_requests(session: AsyncSession, now: datetime, days: int) -> int:
    """Monitoring requests: blank the words of requests and answers older than `days`; returns
    how many rows were blanked (kind, addressee, dates, state and verdicts stay)."""
    before = now - timedelta(days=days)
    asked = await session.execute(
        update(InfoRequest)
        .where(InfoRequest.created_at < before, InfoRequest.purged_at.is_(None))
        .values(text="", attachment=None, purged_at=now)
    )
    answered = await session.execute(
        update(InfoRequestAnswer)
        .where(InfoRequestAnswer.created_at < before, InfoRequestAnswer.purged_at.is_(None))
        .values(text="", attachment=None, purged_at=now)
    )
    return int(asked.rowcount or 0) + int(answered.rowcount or 0)  # type: ignore[attr-defined]

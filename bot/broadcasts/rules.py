"""Broadcasts: one notice from the coordinator's office to many members, tracked to the end.

One transaction writes the broadcast and an outbox row per recipient (the delivery engine
paces them; `not_before` holds a scheduled one back), so nothing here ever talks to Telegram.
Each recipient's outcome is read back from their outbox rows (see audience.snapshot).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts import emails
from bot.broadcasts.audience import Audience, recipients
from bot.broadcasts.model import FlowStep, Status
from bot.core import audit
from bot.core.attachments import Attachment
from bot.core.flows import Flow, Step
from bot.core.local_time import Refused, parse_moment
from bot.core.rendering import Reply
from bot.core.scheduling import Fired, plan
from bot.core.scheduling import cancel as cancel_timers
from bot.delivery.outbox import Priority, enqueue_to
from bot.log import entries
from storage.members import Member
from storage.outbox import CANCELLED, CLAIMED, PENDING, Broadcast, OutboxMessage

BODY_MAX = 10_000  # characters; longer than one Telegram message, which delivery splits
FLOW = Flow(
    "broadcast",
    (
        Step(FlowStep.AUDIENCE, "choice"),
        Step(FlowStep.TO, "choice"),  # the role, agency or groups; skipped for everyone
        Step(FlowStep.TEXT_SQ, "text", max_len=BODY_MAX, multiline=True),
        Step(FlowStep.TEXT_EN, "text", max_len=BODY_MAX, multiline=True),
        Step(FlowStep.ATTACHMENT, "choice"),  # a document, or the Skip button
        Step(FlowStep.CONFIRM, "choice"),
        Step(FlowStep.WHEN, "text", max_len=40),
    ),
)
PAGE = 10
# The durable check that sends the report even if Ura restarts right after the last delivery
# (bot/broadcasts/progress.py); it looks again this often while rows are pending.
CHECK = "broadcast.check"
LOG = "broadcast.log"  # a scheduled broadcast goes into the exchange log when it is sent
CHECK_EVERY = timedelta(minutes=1)

# The messages one recipient gets, in their language: the text, then any attachment.
Compose = Callable[[Broadcast, str], list[Reply]]


class NobodyToSend(Exception):
    """The audience has no active, reachable member (any more)."""


@dataclass(frozen=True)
class Spec:
    audience: Audience
    text_sq: str
    text_en: str | None = None
    attachment: Attachment | None = None

    @classmethod
    def from_draft(cls, data: dict[str, Any]) -> Spec:
        audience = Audience.from_answers(data)
        attachment = Attachment.from_json(data.get("attachment"))
        return cls(audience, data["text_sq"], data.get("text_en"), attachment)


WHEN_REFUSED = {"past": "broadcast.when.past", "unparsable": "broadcast.when.unparsable"}


def parse_send_time(text: str, now: datetime, zone: ZoneInfo) -> datetime | str:
    """A typed local time as UTC, or the catalog key saying what is wrong with it; read by
    the one parser of moments (bounded years, so no conversion can overflow)."""
    moment = parse_moment(text, now, zone)
    if isinstance(moment, Refused):
        return WHEN_REFUSED[moment.reason]
    return moment


def queue(
    session: AsyncSession,
    now: datetime,
    broadcast: Broadcast,
    member: Member,
    compose: Compose,
    not_before: datetime | None,
) -> None:
    for reply in compose(broadcast, member.language):
        enqueue_to(
            session,
            member,
            reply,
            now=now,
            priority=Priority.BULK,
            ref=(emails.SUBJECT, broadcast.id),  # an e-mail copy (fallback) keeps it
            broadcast_id=broadcast.id,
            not_before=not_before,
        )


def audit_change(
    session: AsyncSession,
    now: datetime,
    what: str,
    actor: Member,
    broadcast: Broadcast,
    **details: Any,
) -> None:
    subject = ("broadcast", broadcast.id)
    audit.record(
        session, now, f"broadcast.{what}", actor_member_id=actor.id, subject=subject, **details
    )


async def create(
    session: AsyncSession,
    now: datetime,
    author: Member,
    spec: Spec,
    send_at: datetime | None,
    compose: Compose,
) -> Broadcast:
    people = await recipients(session, spec.audience)
    if not people:
        raise NobodyToSend
    broadcast = Broadcast(
        created_by_member_id=author.id,
        audience=spec.audience.to_json(),
        text_sq=spec.text_sq,
        text_en=spec.text_en,
        attachment=spec.attachment.to_json() if spec.attachment else None,
        status=Status.SCHEDULED if send_at else Status.SENDING,
        send_at=send_at,
        recipients=len(people),
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()
    for member in people:
        queue(session, now, broadcast, member, compose, send_at)
    plan(session, CHECK, broadcast.id, (send_at or now) + CHECK_EVERY, now)
    when = send_at.isoformat() if send_at else None
    if send_at is None:
        await log_sent(session, now, broadcast, author, people)
    else:  # on record when it leaves, not before: its audience must not read it early
        plan(session, LOG, broadcast.id, send_at, now)
    audit_change(session, now, "created", author, broadcast, recipients=len(people), send_at=when)
    return broadcast


async def log_sent(
    session: AsyncSession,
    now: datetime,
    broadcast: Broadcast,
    author: Member,
    people: Sequence[Member],
) -> None:
    """The broadcast in the exchange log, written when it is sent."""
    await entries.record(
        session,
        now,
        kind="broadcast",
        sender=author,
        group_ids=sorted({g.id for member in people for g in member.groups}),
        topic=None,
        text="\n\n".join(t for t in (broadcast.text_sq, broadcast.text_en) if t),
        attachments=[broadcast.attachment] if broadcast.attachment else [],
        ref=("broadcast", broadcast.id),
        meta={"send_at": broadcast.send_at.isoformat() if broadcast.send_at else None},
    )


async def fire_log(fired: Fired) -> None:
    """A scheduled broadcast's time has come: now it goes on record (unless cancelled)."""
    broadcast = await fired.session.get(Broadcast, fired.timer.ref_id)
    if broadcast is None or broadcast.status == Status.CANCELLED:
        return
    author = await fired.session.get(Member, broadcast.created_by_member_id)
    if author is None:
        return
    people = await recipients(fired.session, Audience.from_json(broadcast.audience))
    await log_sent(fired.session, fired.now, broadcast, author, people)


async def cancel(
    session: AsyncSession, now: datetime, broadcast: Broadcast, actor: Member
) -> int | None:
    """Stop what has not left yet; None when the broadcast was already over."""
    if broadcast.finished_at is not None or broadcast.status == Status.CANCELLED:
        return None
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.broadcast_id == broadcast.id, OutboxMessage.state.in_((PENDING, CLAIMED))
        )
        .values(state=CANCELLED, last_error="cancelled by a coordinator"),
        execution_options={"synchronize_session": False},
    )
    stopped = int(result.rowcount or 0)  # type: ignore[attr-defined]
    broadcast.status = Status.CANCELLED
    if await cancel_timers(session, LOG, broadcast.id):
        # It never left: nobody received it, so its text is not kept anywhere readable.
        broadcast.text_sq, broadcast.text_en, broadcast.attachment = "", None, None
    audit_change(session, now, "cancelled", actor, broadcast, stopped=stopped)
    return stopped


async def page(session: AsyncSession, offset: int) -> tuple[list[Broadcast], bool]:
    """Newest first, PAGE at a time; and whether older ones remain."""
    query = select(Broadcast).order_by(Broadcast.id.desc()).offset(offset).limit(PAGE + 1)
    found = list((await session.scalars(query)).all())
    return found[:PAGE], len(found) > PAGE

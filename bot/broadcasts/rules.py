"""Broadcasts: one notice from the coordinator's office to many members, tracked to the end.

One transaction writes the broadcast and an outbox row per recipient (the delivery engine
paces them; `not_before` holds a scheduled one back), so nothing here ever talks to Telegram.
Each recipient's outcome is read back from their outbox rows (see audience.snapshot).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.audience import Audience, Snapshot, recipients, snapshot
from bot.core import audit
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
        Step("audience", "choice"),
        Step("to", "choice"),  # the role, agency or groups; skipped for everyone
        Step("text_sq", "text", max_len=BODY_MAX, multiline=True),
        Step("text_en", "text", max_len=BODY_MAX, multiline=True),
        Step("attachment", "choice"),  # a document, or the Skip button
        Step("confirm", "choice"),
        Step("when", "text", max_len=40),
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
    attachment: dict[str, Any] | None = None

    @classmethod
    def from_draft(cls, data: dict[str, Any]) -> Spec:
        audience = Audience.from_answers(data)
        return cls(audience, data["text_sq"], data.get("text_en"), data.get("attachment"))


def parse_send_time(text: str, now: datetime, zone: ZoneInfo) -> datetime | str:
    """A typed local time as UTC, or the catalog key saying what is wrong with it; read by
    the one parser of moments (bounded years, so no conversion can overflow)."""
    moment = parse_moment(text, now, zone)
    if isinstance(moment, Refused):
        return f"broadcast.when.{moment.reason}"
    return moment


def _queue(
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
            broadcast_id=broadcast.id,
            not_before=not_before,
        )


def _audit(
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
        attachment=spec.attachment,
        status="scheduled" if send_at else "sending",
        send_at=send_at,
        recipients=len(people),
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()
    for member in people:
        _queue(session, now, broadcast, member, compose, send_at)
    plan(session, CHECK, broadcast.id, (send_at or now) + CHECK_EVERY, now)
    when = send_at.isoformat() if send_at else None
    if send_at is None:
        await log_sent(session, now, broadcast, author, people)
    else:  # on record when it leaves, not before: its audience must not read it early
        plan(session, LOG, broadcast.id, send_at, now)
    _audit(session, now, "created", author, broadcast, recipients=len(people), send_at=when)
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
    if broadcast is None or broadcast.status == "cancelled":
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
    if broadcast.finished_at is not None or broadcast.status == "cancelled":
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
    broadcast.status = "cancelled"
    if await cancel_timers(session, LOG, broadcast.id):
        # It never left: nobody received it, so its text is not kept anywhere readable.
        broadcast.text_sq, broadcast.text_en, broadcast.attachment = "", None, None
    _audit(session, now, "cancelled", actor, broadcast, stopped=stopped)
    return stopped


FAILED_OUTCOMES = frozenset({"unreachable", "failed"})
UNCERTAIN_OUTCOMES = frozenset({"uncertain"})


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
        .values(status="sending", finished_at=None),
        execution_options={"synchronize_session": False},
    )
    if not reopened.rowcount:  # type: ignore[attr-defined]
        return 0
    await session.refresh(broadcast)
    for member in people:
        _queue(session, now, broadcast, member, compose, None)
    await cancel_timers(session, CHECK, broadcast.id)
    plan(session, CHECK, broadcast.id, now + CHECK_EVERY, now)
    _audit(
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
    if broadcast.status == "scheduled" and state.done:
        broadcast.status = "sending"
    if state.pending or broadcast.finished_at is not None:
        return state
    # Conditional, so two workers seeing the last row settle report it only once.
    claimed = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.finished_at.is_(None))
        .values(
            finished_at=now,
            status="cancelled" if broadcast.status == "cancelled" else "done",
        ),
        execution_options={"synchronize_session": False},
    )
    await session.refresh(broadcast)
    return replace(state, finished=bool(claimed.rowcount))  # type: ignore[attr-defined]


async def page(session: AsyncSession, offset: int) -> tuple[list[Broadcast], bool]:
    """Newest first, PAGE at a time; and whether older ones remain."""
    query = select(Broadcast).order_by(Broadcast.id.desc()).offset(offset).limit(PAGE + 1)
    found = list((await session.scalars(query)).all())
    return found[:PAGE], len(found) > PAGE

"""Roundtables (tryeza): who may convene, who is invited, answers, changes and cancellation.

Every change re-plans the reminders in the same transaction, so the timer rows always match
the meeting; the notices themselves are written to the outbox by `notify`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit, scheduling
from bot.core.flows import Flow, Step
from bot.core.permissions import Role, require_active
from bot.log import entries
from bot.meetings.audience import audience_members, audience_of, may_convene
from bot.meetings.model import FlowStep, Response, Status
from bot.meetings.moves import ask_again, same_day
from bot.members import directory
from storage.meetings import Meeting, MeetingInvitee
from storage.members import Member

FLOW = Flow(
    "meeting",
    (
        Step(FlowStep.GROUPS, "choice"),
        Step(FlowStep.TITLE, "text", max_len=160),
        Step(FlowStep.START, "text", max_len=40),
        Step(FlowStep.DURATION, "choice"),
        Step(FlowStep.PLACE, "text", max_len=300),
        Step(FlowStep.AGENDA, "text", max_len=1500, multiline=True),
        Step(FlowStep.CONFIRM, "choice"),
    ),
)
MOVE_FLOW = Flow("meeting_move", (Step(FlowStep.START, "text", max_len=40),))
DURATIONS = ("60", "90", "120", "180")
REMIND = "meeting.remind"


async def create(
    session: AsyncSession,
    now: datetime,
    organiser: Member,
    data: dict[str, Any],
    starts_at: datetime,
    offsets: Sequence[timedelta],
) -> Meeting | None:
    """The meeting with its invitees and reminders; None if the organiser may not convene
    these groups (checked here, whatever the picker showed)."""
    require_active(organiser)
    audience = audience_of(data["groups"])
    if not await may_convene(session, organiser, audience):
        audit.record(
            session, now, "meeting.refused", actor_member_id=organiser.id, audience=audience
        )
        return None
    meeting = Meeting(
        uid=f"{uuid.uuid4()}@ura",
        sequence=0,
        organiser_member_id=organiser.id,
        audience=audience,
        title=data["title"],
        starts_at=starts_at,
        duration_minutes=int(data["duration"]),
        place=data["place"],
        agenda=data["agenda"],
        status=Status.SCHEDULED,
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    await session.flush()
    for member in await audience_members(session, audience, organiser.id):
        session.add(MeetingInvitee(meeting_id=meeting.id, member_id=member.id))
    plan_reminders(session, meeting, now, offsets)
    groups = audience["groups"] or [g.id for g in await directory.all_groups(session)]
    await entries.record(
        session,
        now,
        kind="meeting",
        sender=organiser,
        group_ids=groups,
        topic=None,
        text=f"{meeting.title}\n{meeting.place}\n{meeting.agenda}",
        ref=("meeting", meeting.id),
        meta={"starts_at": starts_at.isoformat(), "status": Status.SCHEDULED},
    )
    audit.record(
        session,
        now,
        "meeting.scheduled",
        actor_member_id=organiser.id,
        subject=("meeting", meeting.id),
    )
    await session.flush()
    return meeting


async def _log(session: AsyncSession, now: datetime, meeting: Meeting, **meta: str) -> None:
    """A change of a meeting is a new version of its log entry, never an overwrite."""
    entry = await entries.current_for_ref(session, ("meeting", meeting.id))
    if entry is not None:
        await entries.new_version(session, now, entry, meta=meta)


def plan_reminders(
    session: AsyncSession, meeting: Meeting, now: datetime, offsets: Sequence[timedelta]
) -> None:
    """One timer row per offset still ahead; one already past is not planned at all."""
    for offset in offsets:
        due = meeting.starts_at - offset
        if due > now:
            payload = {"offset": int(offset.total_seconds()), "sequence": meeting.sequence}
            scheduling.plan(session, REMIND, meeting.id, due, now, payload)


async def reschedule(
    session: AsyncSession,
    now: datetime,
    actor: Member,
    meeting: Meeting,
    starts_at: datetime,
    offsets: Sequence[timedelta],
    zone: ZoneInfo,
) -> None:
    require_active(actor)
    if asked_again := not same_day(meeting.starts_at, starts_at, zone):
        await ask_again(session, meeting.id)
    meeting.starts_at, meeting.updated_at = starts_at, now
    meeting.sequence += 1
    await scheduling.cancel(session, REMIND, meeting.id)
    plan_reminders(session, meeting, now, offsets)
    await _log(session, now, meeting, starts_at=starts_at.isoformat())
    audit.record(
        session,
        now,
        "meeting.rescheduled",
        actor_member_id=actor.id,
        subject=("meeting", meeting.id),
        asked_again=asked_again,
    )


async def cancel(session: AsyncSession, now: datetime, actor: Member, meeting: Meeting) -> bool:
    require_active(actor)
    if meeting.status == Status.CANCELLED:
        return False
    meeting.status, meeting.updated_at = Status.CANCELLED, now
    await _log(session, now, meeting, status=Status.CANCELLED)
    meeting.sequence += 1
    await scheduling.cancel(session, REMIND, meeting.id)
    audit.record(
        session, now, "meeting.cancelled", actor_member_id=actor.id, subject=("meeting", meeting.id)
    )
    return True


async def respond(
    session: AsyncSession, now: datetime, meeting: Meeting, member: Member, response: Response
) -> MeetingInvitee | None:
    """Record (or change) an invitee's answer; None for someone not invited."""
    invitee = await session.get(MeetingInvitee, (meeting.id, member.id))
    if invitee is None:
        return None
    invitee.response, invitee.responded_at = response, now
    invitee.previous_response = None
    audit.record(
        session,
        now,
        "meeting.rsvp",
        actor_member_id=member.id,
        subject=("meeting", meeting.id),
        response=response,
    )
    return invitee


async def overview(
    session: AsyncSession, member: Member, now: datetime
) -> tuple[list[tuple[Meeting, str | None]], list[Meeting]]:
    """/meetings: those not yet over the member is invited to, with their own answer, and
    those they organise (a meeting stays listed for a few hours after its start, for the
    attendance sheet)."""
    recent = Meeting.status == Status.SCHEDULED, Meeting.starts_at > now - timedelta(hours=12)
    invited = (
        select(Meeting, MeetingInvitee.response)
        .join(MeetingInvitee, MeetingInvitee.meeting_id == Meeting.id)
        .where(MeetingInvitee.member_id == member.id, *recent)
        .order_by(Meeting.starts_at)
    )
    mine = select(Meeting).where(Meeting.organiser_member_id == member.id, *recent)
    return (
        [(m, r) for m, r in (await session.execute(invited)).all()],
        list((await session.scalars(mine.order_by(Meeting.starts_at))).all()),
    )


async def locked(session: AsyncSession, meeting_id: int) -> Meeting | None:
    """The meeting, its row locked for this transaction (PostgreSQL): two presses at once
    (two answers, two cancels) then run one after the other and each sees the other's result,
    so tallies are never stale and nothing is sent twice."""
    return await session.get(Meeting, meeting_id, with_for_update=True, populate_existing=True)


async def organised(
    session: AsyncSession, now: datetime, meeting_id: int, member: Member
) -> Meeting | None:
    """The meeting, if this member may manage it (its organiser, or any coordinator);
    anyone else's attempt is audited."""
    meeting = await locked(session, meeting_id)
    if meeting is None:
        return None
    if meeting.organiser_member_id == member.id or member.role == Role.COORDINATOR:
        return meeting
    audit.record(
        session,
        now,
        "meeting.manage_refused",
        actor_member_id=member.id,
        subject=("meeting", meeting.id),
    )
    return None

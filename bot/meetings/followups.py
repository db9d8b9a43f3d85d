"""Follow-up actions decided at a roundtable: each has an owner and a due date; the owner is
reminded on the due date (a timer row) and marks it done."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit, scheduling
from bot.core.flows import Flow, Step
from bot.core.local_time import day_start
from bot.core.permissions import Role, require_active
from bot.core.scheduling import Fired, TimerHandler
from bot.delivery import Priority, enqueue_to
from bot.meetings.invitees import answers
from bot.meetings.model import ActionStatus, ActionStep, Response
from bot.meetings.render import followups
from storage.meetings import Meeting, MeetingAction, MeetingInvitee
from storage.members import Member

FLOW = Flow(
    "meeting_action",
    (
        Step(ActionStep.TEXT, "text", max_len=300),
        Step(ActionStep.OWNER, "choice"),
        Step(ActionStep.DUE, "text", max_len=20),
    ),
)
DUE = "meeting.action_due"
ACTION = "meeting_action"
REMIND_HOUR = 9  # owners are reminded at nine in the morning, local time
MAX_OWNERS = 40  # buttons on one keyboard (Telegram refuses about a hundred)
_LIKELY: dict[str | None, int] = {Response.YES: 1, Response.MAYBE: 2, None: 3, Response.NO: 4}


async def toggle_attendance(session: AsyncSession, meeting_id: int, member_id: int) -> bool | None:
    """Mark an invitee present or not; None for someone not invited."""
    invitee = await session.get(MeetingInvitee, (meeting_id, member_id))
    if invitee is None:
        return None
    invitee.attended = not invitee.attended
    return invitee.attended


async def owners(session: AsyncSession, meeting: Meeting) -> list[Member]:
    """Who may own an action: the organiser and the invitees, those present first, then by
    their answer, so the likely owners are on the keyboard even at a large roundtable."""
    rows = [a for a in await answers(session, meeting.id) if a.member.status == "active"]
    rows.sort(key=lambda a: (not a.invitee.attended, _LIKELY.get(a.invitee.response, 3)))
    organiser = await session.get(Member, meeting.organiser_member_id)
    people = [organiser] if organiser is not None and organiser.status == "active" else []
    return (people + [a.member for a in rows])[:MAX_OWNERS]


async def create(
    session: AsyncSession,
    now: datetime,
    meeting: Meeting,
    actor: Member,
    owner: Member,
    text: str,
    due: date,
    zone: ZoneInfo,
) -> MeetingAction:
    require_active(actor)
    due_at = day_start(due, REMIND_HOUR, zone)
    action = MeetingAction(
        meeting_id=meeting.id,
        owner_member_id=owner.id,
        text=text,
        due_at=due_at,
        status=ActionStatus.OPEN,
        created_by_member_id=actor.id,
        created_at=now,
    )
    session.add(action)
    await session.flush()
    scheduling.plan(session, DUE, action.id, max(due_at, now), now)
    audit.record(
        session,
        now,
        "meeting.action_created",
        actor_member_id=actor.id,
        subject=("meeting_action", action.id),
        owner=owner.id,
    )
    return action


async def mark_done(
    session: AsyncSession, now: datetime, action_id: int, member: Member
) -> MeetingAction | None:
    """Done by its owner (or a coordinator); None when this member may not, or it is gone."""
    require_active(member)
    action = await session.get(MeetingAction, action_id)
    if action is None:
        return None
    if action.owner_member_id != member.id and member.role != Role.COORDINATOR:
        return None
    if action.status != ActionStatus.DONE:
        action.status, action.done_at = ActionStatus.DONE, now
        await scheduling.cancel(session, DUE, action.id)
        audit.record(
            session,
            now,
            "meeting.action_done",
            actor_member_id=member.id,
            subject=("meeting_action", action.id),
        )
    return action


async def open_for(session: AsyncSession, member: Member) -> list[tuple[MeetingAction, Meeting]]:
    query = (
        select(MeetingAction, Meeting)
        .join(Meeting, Meeting.id == MeetingAction.meeting_id)
        .where(
            MeetingAction.owner_member_id == member.id, MeetingAction.status == ActionStatus.OPEN
        )
        .order_by(MeetingAction.due_at, MeetingAction.id)
    )
    return [(a, m) for a, m in (await session.execute(query)).all()]


async def fire_due(fired: Fired) -> None:
    action = await fired.session.get(MeetingAction, fired.timer.ref_id)
    if action is None or action.status != ActionStatus.OPEN:
        return
    owner = await fired.session.get(Member, action.owner_member_id)
    meeting = await fired.session.get(Meeting, action.meeting_id)
    if owner is None or meeting is None or owner.status != "active":
        return
    reply = followups.due_reminder(
        fired.translator, owner.language, action, meeting, fired.settings.zone
    )
    enqueue_to(
        fired.session,
        owner,
        reply,
        now=fired.now,
        priority=Priority.NOTICE,
        ref=(ACTION, action.id),
    )


TIMERS: dict[str, TimerHandler] = {DUE: fire_due}

"""Reminders before a roundtable, fired from timer rows by the scheduler.

Each reminder goes to the invitees who have not declined, with the tallies; the organiser
gets a summary of who answered what. A reminder whose moment passed while Ura was down goes
out at the next start marked late if the meeting has not begun, and is skipped otherwise.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core import audit
from bot.core.scheduling import Fired, TimerHandler
from bot.delivery import Priority, enqueue_to
from bot.meetings import followups
from bot.meetings.invitees import answers, tally
from bot.meetings.model import Response, Status
from bot.meetings.render import cards
from bot.meetings.rules import REMIND
from storage.meetings import Meeting
from storage.members import Member

REMINDER = "meeting_reminder"


def _late(fired: Fired) -> bool:
    """Fired well after its due time: the bot was down (a normal tick is never this late)."""
    grace = timedelta(seconds=2 * fired.settings.scheduler_tick_seconds)
    return fired.now - fired.timer.due_at > grace


async def fire_reminder(fired: Fired) -> None:
    session, timer, t, zone = fired.session, fired.timer, fired.translator, fired.settings.zone
    meeting = await session.get(Meeting, timer.ref_id)
    if meeting is None or meeting.status != Status.SCHEDULED:
        return
    if timer.payload.get("sequence") != meeting.sequence:
        return  # planned for a time the meeting no longer has
    if fired.now >= meeting.starts_at:
        audit.record(
            session, fired.now, "meeting.reminder_skipped", subject=("meeting", meeting.id)
        )
        return
    late = _late(fired)
    rows = await answers(session, meeting.id)
    counts = tally(rows)
    reminded = 0
    for row in rows:
        if row.invitee.response == Response.NO or row.member.status != "active":
            continue
        invitee = row.invitee
        reply = cards.reminder(
            t,
            row.member.language,
            meeting,
            zone,
            counts,
            late,
            invitee.response,
            invitee.previous_response,
        )
        enqueue_to(
            session,
            row.member,
            reply,
            now=fired.now,
            priority=Priority.NOTICE,
            ref=(REMINDER, meeting.id),
        )
        reminded += 1
    organiser = await session.get(Member, meeting.organiser_member_id)
    if organiser is not None and organiser.status == "active":
        reply = cards.summary(t, organiser.language, meeting, zone, rows, late)
        enqueue_to(
            session,
            organiser,
            reply,
            now=fired.now,
            priority=Priority.NOTICE,
            ref=(REMINDER, meeting.id),
        )
    audit.record(
        session,
        fired.now,
        "meeting.reminded",
        subject=("meeting", meeting.id),
        offset=timer.payload.get("offset"),
        late=late,
        reminded=reminded,
    )


TIMERS: dict[str, TimerHandler] = {REMIND: fire_reminder, **followups.TIMERS}

"""Who gets which message about a roundtable, in one place: each invitee's notice and
calendar file, the organiser's live card, the attendance sheet and the follow-up actions'
cards.

State change -> one re-render: after any change to a meeting, its caller says what changed
(`changed(..., Change.X)`) and this module refreshes every copy and sends what that change
sends; callers never pick the copies themselves. Runs in the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.delivery import Priority, copies, enqueue_edit, enqueue_to
from bot.meetings import ics
from bot.meetings.followups import ACTION
from bot.meetings.invitees import answers, tally
from bot.meetings.model import Status
from bot.meetings.reminders import REMINDER
from bot.meetings.render import attendance, cards, followups
from storage.meetings import Meeting, MeetingAction
from storage.members import Member

NOTICE, CALENDAR, CARD = "meeting_notice", "meeting_ics", "meeting_card"
ATTENDANCE = "meeting_attendance"


class Change(StrEnum):
    """What happened to a meeting, which decides what is refreshed and what is sent."""

    CREATED = "created"  # every invitee gets the notice and the calendar file
    ANSWERED = "answered"  # the organiser's card, and the answering invitee's own copies
    MOVED = "moved"  # every copy shows the new time; everyone gets the changed notice
    CANCELLED = "cancelled"  # every copy loses its buttons; everyone gets the cancellation
    ATTENDANCE = "attendance"  # every copy of the attendance sheet


HEADLINES = {
    Change.CREATED: "meeting.notice.new",
    Change.MOVED: "meeting.notice.changed",
    Change.CANCELLED: "meeting.notice.cancelled",
}


async def changed(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    zone: ZoneInfo,
    meeting: Meeting,
    change: Change,
    *,
    member: Member | None = None,
    ticked: int | None = None,
    organizer: ics.Organizer = ics.DEFAULT_ORGANIZER,
) -> int:
    """The one re-render after a change: every copy that shows it is edited, and the
    messages this change sends are written. `member`: who answered; `ticked`: the invitee
    whose attendance changed. Returns how many invitees were sent a notice."""
    if change == Change.ATTENDANCE:
        await _refresh_attendance(session, now, t, meeting, ticked)
        return 0
    if change == Change.ANSWERED:
        await _refresh_card(session, now, t, zone, meeting)
        await _refresh_notices(session, now, t, zone, meeting, member=member)
        return 0
    if change != Change.CREATED:
        headline = "meeting.notice.changed" if change == Change.MOVED else "meeting.notice.new"
        await _refresh_notices(session, now, t, zone, meeting, headline=headline)
    sent = await _send_notices(session, now, t, zone, meeting, HEADLINES[change], organizer)
    if change != Change.CREATED:
        await _refresh_card(session, now, t, zone, meeting)
    return sent


def _send_to(
    session: AsyncSession, now: datetime, member: Member, reply: Reply, ref: tuple[str, int]
) -> None:
    enqueue_to(session, member, reply, now=now, priority=Priority.NOTICE, ref=ref)


async def _send_notices(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    zone: ZoneInfo,
    meeting: Meeting,
    headline: str,
    organizer: ics.Organizer = ics.DEFAULT_ORGANIZER,
) -> int:
    """Every invitee gets the notice (text, editable) and then the .ics as its own message
    (one file for all; a cancellation's names its reader as ATTENDEE)."""
    document = ics.attachment(meeting, zone, now, organizer)
    rows = await answers(session, meeting.id)
    for row in rows:
        lang = row.member.language
        if meeting.status == Status.CANCELLED:
            reader = ics.Reader(row.member.id, row.member.display_name)
            document = ics.attachment(meeting, zone, now, organizer, reader)
        invitee = row.invitee
        reply = cards.notice(
            t, lang, meeting, zone, invitee.response, headline, invitee.previous_response
        )
        _send_to(session, now, row.member, reply, (NOTICE, meeting.id))
        caption = cards.calendar_caption(t, lang, meeting)
        _send_to(
            session, now, row.member, Reply(caption, document=document), (CALENDAR, meeting.id)
        )
    return len(rows)


async def _refresh_card(
    session: AsyncSession, now: datetime, t: Translator, zone: ZoneInfo, meeting: Meeting
) -> None:
    """Edit every copy of the organiser's card in place (coalesced by the outbox)."""
    rows = await answers(session, meeting.id)
    for copy in await copies(session, (CARD, meeting.id)):
        lang = await _language(session, t, copy.member_id)
        reply = cards.organiser_card(t, lang, meeting, zone, rows)
        await enqueue_edit(session, target=copy, reply=reply, now=now)


async def _refresh_notices(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    zone: ZoneInfo,
    meeting: Meeting,
    member: Member | None = None,
    headline: str = "meeting.notice.new",
) -> None:
    """Edit the notices and the reminders already sent (one member's, or everyone's) to show
    the current state: the time after a move, the answer, no buttons once it is cancelled."""
    rows = await answers(session, meeting.id)
    responses = {r.member.id: r.invitee.response for r in rows}
    earlier = {r.member.id: r.invitee.previous_response for r in rows}
    counts = tally(rows)
    for ref in (NOTICE, REMINDER):
        for copy in await copies(session, (ref, meeting.id)):
            if member is not None and copy.member_id != member.id:
                continue
            reader = await session.get(Member, copy.member_id) if copy.member_id else None
            if reader is None:
                continue
            lang, response = reader.language, responses.get(reader.id)
            previous = earlier.get(reader.id)
            if ref == NOTICE or meeting.status == Status.CANCELLED:
                reply = cards.notice(t, lang, meeting, zone, response, headline, previous)
            elif reader.id in responses:
                reply = cards.reminder(t, lang, meeting, zone, counts, False, response, previous)
            else:  # the organiser's summary
                reply = cards.summary(t, lang, meeting, zone, rows, False)
            await enqueue_edit(session, target=copy, reply=reply, now=now)


async def send_card(
    session: AsyncSession, now: datetime, t: Translator, zone: ZoneInfo, meeting: Meeting
) -> None:
    """A fresh copy of the organiser's card; _refresh_card keeps every copy live."""
    organiser = await session.get(Member, meeting.organiser_member_id)
    if organiser is None:
        return
    rows = await answers(session, meeting.id)
    reply = cards.organiser_card(t, organiser.language, meeting, zone, rows)
    enqueue_to(
        session, organiser, reply, now=now, priority=Priority.INTERACTIVE, ref=(CARD, meeting.id)
    )


async def _refresh_attendance(
    session: AsyncSession, now: datetime, t: Translator, meeting: Meeting, ticked: int | None
) -> None:
    """Every copy of the attendance sheet, turned to the page of the invitee just ticked."""
    rows = await answers(session, meeting.id)
    page = attendance.attendance_page(rows, ticked) if ticked is not None else 0
    for copy in await copies(session, (ATTENDANCE, meeting.id)):
        lang = await _language(session, t, copy.member_id)
        card = attendance.attendance_card(t, lang, meeting, rows, page)
        await enqueue_edit(session, target=copy, reply=card, now=now)


async def attendance_sheet(
    session: AsyncSession, t: Translator, lang: str, meeting: Meeting, page: int = 0
) -> Reply:
    """The attendance sheet, a page of it, as it stands now."""
    return attendance.attendance_card(t, lang, meeting, await answers(session, meeting.id), page)


async def turn_page(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    lang: str,
    meeting: Meeting,
    page: int,
    shown_in: tuple[int, int | None],
) -> None:
    """Another page of the sheet, in the one message pressed on (chat, message id)."""
    card = await attendance_sheet(session, t, lang, meeting, page)
    for copy in await copies(session, (ATTENDANCE, meeting.id)):
        if (copy.chat_id, copy.telegram_message_id) == shown_in:
            await enqueue_edit(session, target=copy, reply=card, now=now)


def action_assigned(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    zone: ZoneInfo,
    action: MeetingAction,
    meeting: Meeting,
    owner: Member,
) -> None:
    """The owner of a new follow-up action gets its card (kept live by action_changed)."""
    reply = followups.assigned(t, owner.language, action, meeting, zone)
    _send_to(session, now, owner, reply, (ACTION, action.id))


async def action_changed(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    lang: str,
    zone: ZoneInfo,
    action: MeetingAction,
) -> None:
    """Every copy of an action's card (its notice and reminders) shows its current state."""
    meeting = await session.get(Meeting, action.meeting_id)
    assert meeting is not None
    for copy in await copies(session, (ACTION, action.id)):
        card = followups.assigned(t, lang, action, meeting, zone)
        await enqueue_edit(session, target=copy, reply=card, now=now)


async def _language(session: AsyncSession, t: Translator, member_id: int | None) -> str:
    reader = await session.get(Member, member_id) if member_id else None
    return reader.language if reader else t.default

"""Writing a meeting's messages to the outbox: each invitee's notice and calendar file, and
edits of the organiser's card and of an invitee's own notice when answers change.

Called by the handlers (a new, moved or cancelled meeting; an answer) in their transaction.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.delivery import Priority, copies, enqueue_edit, enqueue_to
from bot.meetings import ics
from bot.meetings.reminders import REMINDER
from bot.meetings.render import cards
from bot.meetings.rules import answers, tally
from storage.meetings import Meeting
from storage.members import Member

NOTICE, CALENDAR, CARD = "meeting_notice", "meeting_ics", "meeting_card"


def _send_to(
    session: AsyncSession, now: datetime, member: Member, reply: Reply, ref: tuple[str, int]
) -> None:
    enqueue_to(
        session,
        member,
        reply,
        now=now,
        priority=Priority.NOTICE,
        ref=ref,
    )


async def send_notices(
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
        if meeting.status == "cancelled":
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


async def refresh_card(
    session: AsyncSession, now: datetime, t: Translator, zone: ZoneInfo, meeting: Meeting
) -> None:
    """Edit every copy of the organiser's card in place (coalesced by the outbox)."""
    rows = await answers(session, meeting.id)
    for copy in await copies(session, (CARD, meeting.id)):
        reader = await session.get(Member, copy.member_id) if copy.member_id else None
        lang = reader.language if reader else t.default
        reply = cards.organiser_card(t, lang, meeting, zone, rows)
        await enqueue_edit(session, target=copy, reply=reply, now=now)


async def refresh_notices(
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
            if ref == NOTICE or meeting.status == "cancelled":
                reply = cards.notice(t, lang, meeting, zone, response, headline, previous)
            elif reader.id in responses:
                reply = cards.reminder(t, lang, meeting, zone, counts, False, response, previous)
            else:  # the organiser's summary
                reply = cards.summary(t, lang, meeting, zone, rows, False)
            await enqueue_edit(session, target=copy, reply=reply, now=now)


async def send_card(
    session: AsyncSession, now: datetime, t: Translator, zone: ZoneInfo, meeting: Meeting
) -> None:
    """A fresh copy of the organiser's card; refresh_card keeps every copy live."""
    organiser = await session.get(Member, meeting.organiser_member_id)
    if organiser is None:
        return
    rows = await answers(session, meeting.id)
    reply = cards.organiser_card(t, organiser.language, meeting, zone, rows)
    enqueue_to(
        session,
        organiser,
        reply,
        now=now,
        priority=Priority.INTERACTIVE,
        ref=(CARD, meeting.id),
    )

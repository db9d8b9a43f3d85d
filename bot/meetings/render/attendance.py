"""The attendance sheet: a button per invitee to tick them present, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.i18n import Translator
from bot.core.rendering import Button, Reply, rows
from bot.meetings.invitees import Answer
from bot.meetings.model import AttendancePage, TogglePresent
from storage.meetings import Meeting

ATTENDANCE_PAGE = 30


def attendance_page(answers: Sequence[Answer], member_id: int) -> int:
    """The page of the sheet on which an invitee's button is."""
    ids = [a.member.id for a in answers]
    return ids.index(member_id) // ATTENDANCE_PAGE if member_id in ids else 0


def attendance_card(
    t: Translator, lang: str, meeting: Meeting, answers: Sequence[Answer], page: int = 0
) -> Reply:
    """A button per invitee to tick them present, a page at a time (a keyboard holds about
    a hundred buttons; a roundtable of everyone has more invitees)."""
    pages = max(1, -(-len(answers) // ATTENDANCE_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = answers[page * ATTENDANCE_PAGE : (page + 1) * ATTENDANCE_PAGE]
    buttons = [
        Button.press(
            f"{'✅' if a.invitee.attended else '▫️'} {a.member.display_name}"[:60],
            TogglePresent(meeting.id, a.member.id),
        )
        for a in shown
    ]
    turn_page = [
        Button.press(label, AttendancePage(meeting.id, to))
        for label, to in (
            (t(lang, "meeting.page.back", page=page, pages=pages), page - 1),
            (t(lang, "meeting.page.next", page=page + 2, pages=pages), page + 1),
        )
        if 0 <= to < pages
    ]
    present = sum(1 for a in answers if a.invitee.attended)
    text = t(lang, "meeting.attendance", title=meeting.title, present=present, total=len(answers))
    return Reply(text, rows(buttons) + ((tuple(turn_page),) if turn_page else ()))

"""Texts of roundtables: the notice with RSVP buttons, the organiser's live card, reminders."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator, escape
from bot.core.local_time import format_moment
from bot.core.rendering import Button, Reply, rows
from bot.meetings.invitees import Answer, Tally, tally
from bot.meetings.model import (
    AskCancel,
    Attendance,
    Move,
    NewAction,
    Response,
    Rsvp,
    Status,
)
from storage.meetings import Meeting

RSVP_ICONS: dict[str | None, str] = {
    Response.YES: "✅",
    Response.NO: "❌",
    Response.MAYBE: "❔",
    None: "⏳",
}
ANSWER_KEYS: dict[str | None, str] = {
    Response.YES: "meeting.answer.yes",
    Response.NO: "meeting.answer.no",
    Response.MAYBE: "meeting.answer.maybe",
    None: "meeting.answer.none",
}
RSVP_KEYS = {
    Response.YES: "meeting.rsvp.yes",
    Response.NO: "meeting.rsvp.no",
    Response.MAYBE: "meeting.rsvp.maybe",
}
TEXT_BUDGET = 3900  # of Telegram's 4096, leaving room for what escaping adds
MAX_LISTED = 6  # /meetings: a title (160) and place (300) each keep six within one message


def answer_label(t: Translator, lang: str, response: str | None) -> Safe:
    """An answer in words ("Po", "Jo", ...; "no answer yet" for None)."""
    return t(lang, ANSWER_KEYS[response])


def details(t: Translator, lang: str, meeting: Meeting, zone: ZoneInfo) -> Safe:
    return t(
        lang,
        "meeting.details",
        title=meeting.title,
        when=format_moment(meeting.starts_at, zone),
        minutes=meeting.duration_minutes,
        place=meeting.place,
        agenda=meeting.agenda,
    )


def tally_line(t: Translator, lang: str, counts: Tally) -> Safe:
    return t(
        lang,
        "meeting.tally",
        yes=counts.yes,
        no=counts.no,
        maybe=counts.maybe,
        pending=counts.pending,
    )


def rsvp_buttons(t: Translator, lang: str, meeting_id: int) -> tuple[tuple[Button, ...], ...]:
    return (
        tuple(
            Button.press(t(lang, key), Rsvp(meeting_id, answer))
            for answer, key in RSVP_KEYS.items()
        ),
    )


def notice(
    t: Translator,
    lang: str,
    meeting: Meeting,
    zone: ZoneInfo,
    response: str | None,
    headline: str = "meeting.notice.new",
    previous: str | None = None,
) -> Reply:
    """An invitee's copy: what, when, where, the agenda, their own answer and the buttons
    (and, after a move to another day, the answer they gave for the earlier day)."""
    if meeting.status == Status.CANCELLED:
        text = Safe(f"{t(lang, 'meeting.notice.cancelled')}\n\n{details(t, lang, meeting, zone)}")
        return Reply(text)
    answer = answer_label(t, lang, response)
    text = Safe(
        f"{t(lang, headline)}\n\n{details(t, lang, meeting, zone)}\n\n"
        f"{t(lang, 'meeting.your_answer', answer=answer)}{asked_again(t, lang, response, previous)}"
    )
    return Reply(text, rsvp_buttons(t, lang, meeting.id))


def asked_again(t: Translator, lang: str, response: str | None, previous: str | None) -> str:
    """The earlier day's answer, while the invitee has not answered for the new day."""
    if response is not None or previous is None:
        return ""
    earlier = answer_label(t, lang, previous)
    return f"\n{t(lang, 'flows.meeting.previous_answer', answer=earlier)}"


def calendar_caption(t: Translator, lang: str, meeting: Meeting) -> str:
    key = "meeting.ics.cancel" if meeting.status == Status.CANCELLED else "meeting.ics.caption"
    return t(lang, key, title=meeting.title)


def who_answered(t: Translator, lang: str, answers: Sequence[Answer], budget: int) -> Safe:
    """One line per answer (✅ Ardit, Besa …), within `budget` characters: a roundtable of
    everyone has a hundred invitees and a message holds 4096 characters."""
    if not answers:
        return t(lang, "meeting.nobody_invited")
    lines: list[str] = []
    for response in (Response.YES, Response.MAYBE, None, Response.NO):
        names = [escape(a.member.display_name) for a in answers if a.invitee.response == response]
        if not names:
            continue
        line = f"{RSVP_ICONS[response]} "
        room = budget - sum(len(x) + 1 for x in lines) - len(line) - 30  # room for "… and N more"
        shown: list[str] = []
        for name in names:
            if sum(len(n) + 2 for n in shown) + len(name) > room:
                break
            shown.append(name)
        hidden = len(names) - len(shown)
        more = [str(t.plural(lang, "meeting.more", hidden))] if hidden else []
        lines.append(line + ", ".join(shown + more))
    return Safe("\n".join(lines))


def _with_people(t: Translator, lang: str, head: str, answers: Sequence[Answer]) -> Safe:
    """A head (details and tallies) and who answered what, the list cut to fit one message."""
    return Safe(f"{head}\n{who_answered(t, lang, answers, TEXT_BUDGET - len(head))}")


def organiser_card(
    t: Translator, lang: str, meeting: Meeting, zone: ZoneInfo, answers: Sequence[Answer]
) -> Reply:
    """The organiser's copy: live tallies and who answered what, with the controls."""
    cancelled = meeting.status == Status.CANCELLED
    head = "meeting.card.cancelled" if cancelled else "meeting.card.head"
    text = _with_people(
        t,
        lang,
        f"{t(lang, head, id=meeting.id)}\n\n{details(t, lang, meeting, zone)}\n\n"
        f"{tally_line(t, lang, tally(answers))}",
        answers,
    )
    if cancelled:
        return Reply(text)
    buttons = [
        Button.press(t(lang, "meeting.button.move"), Move(meeting.id)),
        Button.press(t(lang, "meeting.button.cancel"), AskCancel(meeting.id)),
        Button.press(t(lang, "meeting.button.attendance"), Attendance(meeting.id)),
        Button.press(t(lang, "meeting.button.action"), NewAction(meeting.id)),
    ]
    return Reply(text, rows(buttons))


def reminder(
    t: Translator,
    lang: str,
    meeting: Meeting,
    zone: ZoneInfo,
    counts: Tally,
    late: bool,
    response: str | None,
    previous: str | None = None,
) -> Reply:
    parts: list[str] = [t(lang, "meeting.reminder.late" if late else "meeting.reminder.head")]
    parts += ["", details(t, lang, meeting, zone), "", tally_line(t, lang, counts)]
    if response is None:
        text = "\n".join(parts) + asked_again(t, lang, response, previous)
        return Reply(Safe(text), rsvp_buttons(t, lang, meeting.id))
    parts.append(t(lang, "meeting.your_answer", answer=answer_label(t, lang, response)))
    return Reply(Safe("\n".join(parts)))


def summary(
    t: Translator,
    lang: str,
    meeting: Meeting,
    zone: ZoneInfo,
    answers: Sequence[Answer],
    late: bool,
) -> Reply:
    """The organiser's summary before the meeting."""
    head = t(lang, "meeting.summary.late" if late else "meeting.summary.head")
    return Reply(
        _with_people(
            t,
            lang,
            f"{head}\n\n{details(t, lang, meeting, zone)}\n\n{tally_line(t, lang, tally(answers))}",
            answers,
        )
    )


def my_meetings(
    t: Translator, lang: str, zone: ZoneInfo, items: Sequence[tuple[Meeting, str | None]]
) -> Reply:
    """The caller's upcoming meetings with their own answer."""
    if not items:
        return Reply(t(lang, "meeting.list.empty"))
    lines = [t(lang, "meeting.list.head")]
    for meeting, response in items[:MAX_LISTED]:
        answer = answer_label(t, lang, response)
        lines.append(
            t(
                lang,
                "meeting.list.item",
                title=meeting.title,
                when=format_moment(meeting.starts_at, zone),
                place=meeting.place,
                answer=answer,
            )
        )
    if len(items) > MAX_LISTED:
        lines.append(t.plural(lang, "meeting.more", len(items) - MAX_LISTED))
    return Reply(Safe("\n".join(lines)))

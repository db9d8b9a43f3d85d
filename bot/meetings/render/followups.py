"""Texts of follow-up actions: the owner's notice, the due-date reminder, /actions."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator
from bot.core.local_time import format_day
from bot.core.rendering import Button, Reply
from bot.meetings.model import ActionDone, ActionStatus
from storage.meetings import Meeting, MeetingAction
from storage.members import Group, Member

MAX_LISTED = 7  # an action (300) and its meeting's title (160) each: seven fit one message


def _day(action: MeetingAction, zone: ZoneInfo) -> str:
    return format_day(action.due_at, zone)


def _done_button(t: Translator, lang: str, action: MeetingAction) -> tuple[tuple[Button, ...], ...]:
    if action.status == ActionStatus.DONE:
        return ()
    return ((Button.press(t(lang, "meeting.action.done_button"), ActionDone(action.id)),),)


def assigned(
    t: Translator, lang: str, action: MeetingAction, meeting: Meeting, zone: ZoneInfo
) -> Reply:
    """The owner's card: what, from which meeting, by when; a Done button until done."""
    key = (
        "meeting.action.done_card"
        if action.status == ActionStatus.DONE
        else "meeting.action.assigned"
    )
    text = t(lang, key, text=action.text, title=meeting.title, due=_day(action, zone))
    return Reply(text, _done_button(t, lang, action))


def due_reminder(
    t: Translator, lang: str, action: MeetingAction, meeting: Meeting, zone: ZoneInfo
) -> Reply:
    text = t(
        lang, "meeting.action.due", text=action.text, title=meeting.title, due=_day(action, zone)
    )
    return Reply(text, _done_button(t, lang, action))


def open_actions(
    t: Translator, lang: str, items: Sequence[tuple[MeetingAction, Meeting]], zone: ZoneInfo
) -> Reply:
    if not items:
        return Reply(t(lang, "meeting.actions.empty"))
    lines = [t(lang, "meeting.actions.head")]
    buttons = []
    for number, (action, meeting) in enumerate(items[:MAX_LISTED], 1):
        lines.append(
            t(
                lang,
                "meeting.actions.item",
                n=number,
                text=action.text,
                title=meeting.title,
                due=_day(action, zone),
            )
        )
        buttons.append(
            (Button.press(t(lang, "meeting.actions.done_n", n=number), ActionDone(action.id)),)
        )
    if len(items) > MAX_LISTED:  # the soonest due first; the rest after these are done
        lines.append(t.plural(lang, "meeting.more", len(items) - MAX_LISTED))
    return Reply(Safe("\n".join(lines)), tuple(buttons))


def created(
    t: Translator, lang: str, action: MeetingAction, owner_name: str, zone: ZoneInfo
) -> Reply:
    return Reply(
        t(
            lang,
            "meeting.action.created",
            text=action.text,
            owner=owner_name,
            due=_day(action, zone),
        )
    )


def chairs(t: Translator, lang: str, found: Sequence[tuple[Group, Member]]) -> Reply:
    """Who chairs which group (they may convene its roundtables), and how to change it."""
    lines = [t(lang, "meeting.chair.head")]
    lines += [
        t(lang, "meeting.chair.item", group=g.name, name=m.display_name, id=m.id) for g, m in found
    ] or [t(lang, "meeting.chair.none")]
    lines.append(t(lang, "meeting.chair.usage"))
    return Reply(Safe("\n".join(lines)))

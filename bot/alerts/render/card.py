"""The alert card every copy shows, and the raising flow's questions and summary.

A card stays short (an excerpt of the description) so it can always be edited in place;
a longer description follows as its own message(s), which the delivery engine splits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.alerts.model import (
    Acknowledge,
    Category,
    Refer,
    Release,
    Resolve,
    Status,
    TakeAction,
    Urgency,
    WriteNote,
)
from bot.alerts.render import words
from bot.alerts.routing import CATEGORIES
from bot.alerts.rules import URGENCIES
from bot.alerts.views import AlertView
from bot.core.attachments import Attachment
from bot.core.flows import Choice
from bot.core.guard_notice import finding_lines
from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import agency_label
from bot.core.local_time import format_moment
from bot.core.permissions import Role
from bot.core.privacy_guard import Finding
from bot.core.rendering import Button, Reply, rows
from bot.delivery.repair import split_plain
from storage.members import Group, Member

EXCERPT = 1000  # characters of the description on the card itself
NOTE_EXCERPT = 500  # characters of the closing note on the card (it is whole in the history)
MAX_NAMES = 8


def age(t: Translator, lang: str, span: timedelta) -> Safe:
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return t(lang, "alert.age.minutes", n=minutes)
    if minutes < 48 * 60:
        return t(lang, "alert.age.hours", h=minutes // 60, m=minutes % 60)
    return t.plural(lang, "alert.age.days", minutes // 1440)


def category_choices(t: Translator, lang: str) -> list[tuple[str, str]]:
    return [(c, t(lang, words.CATEGORY[c])) for c in CATEGORIES]


def urgency_choices(t: Translator, lang: str) -> list[tuple[str, str]]:
    return [(u, t(lang, words.URGENCY[u])) for u in URGENCIES]


def region_choices(regions: Sequence[Group], member: Member) -> list[tuple[str, str]]:
    """The twelve committees, the member's own first."""
    own = {g.id for g in member.groups}
    ordered = sorted(regions, key=lambda g: (g.id not in own, g.name))
    return [(str(g.id), g.name) for g in ordered]  # ids: a long name would overflow a button


def _names(t: Translator, lang: str, names: list[str]) -> Safe:
    shown = ", ".join(escape(n) for n in names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown += str(t.plural(lang, "alert.card.more", len(names) - MAX_NAMES))
    return Safe(shown)


def excerpt(t: Translator, lang: str, description: str) -> Safe:
    if len(description) <= EXCERPT:
        return Safe(escape(description))
    return Safe(f"{escape(description[:EXCERPT])}…\n{t(lang, 'alert.card.full_below')}")


def _short(text: str, limit: int = NOTE_EXCERPT) -> str:
    """The card keeps to Telegram's limit on every edit; the whole note is in the history."""
    return text if len(text) <= limit else f"{text[:limit]}…"


def _buttons(t: Translator, lang: str, view: AlertView, reader: Member | None) -> list[Button]:
    alert = view.alert
    if reader is None or alert.status == Status.RESOLVED or reader.id == alert.raised_by_member_id:
        return []
    row = view.recipients.get(reader.id)
    coordinator = reader.role == Role.COORDINATOR
    if row is None and not coordinator:
        return []
    found: list[Button] = []
    if row is None or row.acting_since is None:
        taken = view.acknowledged_by is not None and alert.status != Status.OPEN
        if (row is None or row.acknowledged_at is None) and not taken:
            found.append(Button.press(t(lang, "alert.button.ack"), Acknowledge(alert.id)))
        elif row is None or row.acknowledged_at is None:  # someone acknowledged it first
            found.append(Button.press(t(lang, "flows.alert.button.also"), Acknowledge(alert.id)))
        found.append(Button.press(t(lang, "alert.button.act"), TakeAction(alert.id)))
    else:
        found += [
            Button.press(t(lang, "alert.button.note"), WriteNote(alert.id)),
            Button.press(t(lang, "alert.button.refer"), Refer(alert.id)),
            Button.press(t(lang, "alert.button.release"), Release(alert.id)),
        ]
    if coordinator:
        found.append(Button.press(t(lang, "alert.button.resolve"), Resolve(alert.id)))
    return found


def status(t: Translator, lang: str, view: AlertView) -> Safe:
    """The same on every copy: "acknowledged by Ardit", whoever reads it."""
    if view.alert.status == Status.ACKNOWLEDGED and view.acknowledged_by:
        return t(lang, "flows.alert.status.acknowledged_by", name=view.acknowledged_by)
    return t(lang, words.STATUS[Status(view.alert.status)])


def card(
    t: Translator,
    lang: str,
    view: AlertView,
    reader: Member | None,
    now: datetime,
    zone: ZoneInfo,
) -> Reply:
    alert = view.alert
    sender = view.sender
    parts = [
        t(
            lang,
            words.CARD_TITLE[Urgency(alert.urgency)],
            id=alert.id,
            category=t(lang, words.CATEGORY[Category(alert.category)]),
            region=view.region.name,
        ),
        t(
            lang,
            "alert.card.from",
            name=sender.display_name,
            organisation=sender.organisation.name if sender.organisation else "—",
            agency=agency_label(t, lang, sender.agency),
            when=format_moment(alert.created_at, zone),
            age=age(t, lang, now - alert.created_at),
        ),
        t(lang, "alert.card.status", status=status(t, lang, view)),
    ]
    if alert.escalation_level and alert.status == Status.OPEN:
        parts.append(t(lang, "alert.card.escalated", level=alert.escalation_level))
    parts.append(Safe(f"\n{excerpt(t, lang, alert.description)}\n"))
    if alert.status == Status.ACKNOWLEDGED:  # the first is named in the status line
        also = [n for n in view.acknowledged if n != view.acknowledged_by]
        if also:
            parts.append(t(lang, "flows.alert.card.also", names=_names(t, lang, also)))
    elif view.acknowledged:
        parts.append(t(lang, "alert.card.acknowledged", names=_names(t, lang, view.acknowledged)))
    if view.acting:
        parts.append(t(lang, "alert.card.acting", names=_names(t, lang, view.acting)))
    if view.on_duty:  # it came outside working hours: the roster chose who was woken
        parts.append(t(lang, "roster.card.on_duty", names=", ".join(view.on_duty)))
    if alert.holder_agency:
        parts.append(
            t(lang, "alert.card.holder", agency=agency_label(t, lang, alert.holder_agency))
        )
    if alert.status == Status.RESOLVED:
        parts.append(
            t(
                lang,
                "alert.card.resolved",
                name=view.resolved_by or "—",
                note=_short(alert.closing_note or ""),
            )
        )
    return Reply(Safe("\n".join(parts)), rows(_buttons(t, lang, view, reader), 2))


def escalation_notice(
    t: Translator, lang: str, view: AlertView, elapsed: timedelta, until: str = "ack"
) -> Reply:
    """'ack': nobody acknowledged it; 'act': it was released and nobody took it since."""
    return Reply(
        t(
            lang,
            "alert.escalated" if until == "ack" else "alert.escalated.released",
            id=view.alert.id,
            region=view.region.name,
            elapsed=age(t, lang, elapsed),
        )
    )


FULL_TEXT_PART = 3800  # characters of the description per message, under Telegram's 4096


def full_text(t: Translator, lang: str, alert_id: int, description: str) -> list[Reply]:
    """The whole description, split before sending: the first part under the heading, each
    part within Telegram's limit, so nothing sent after it can land between the parts."""
    first, *rest = split_plain(description, FULL_TEXT_PART)
    return [Reply(t(lang, "alert.full_text", id=alert_id, text=first))] + [
        Reply(Safe(escape(part))) for part in rest
    ]


def attachment(data: dict[str, Any] | None) -> Reply | None:
    """The alert's attachment as its own message (None: nothing attached, or unreadable)."""
    found = Attachment.from_json(data)
    return found.reply() if found is not None else None


def with_text(
    t: Translator,
    lang: str,
    view: AlertView,
    reader: Member | None,
    now: datetime,
    zone: ZoneInfo,
) -> list[tuple[Reply, str]]:
    """The card, then the whole description if the card shows only part, then the attachment:
    each message with the kind of its ref ("alert" for the card, which is kept current)."""
    alert = view.alert
    found = [(card(t, lang, view, reader, now, zone), "alert")]
    if len(alert.description) > EXCERPT:
        found += [(part, "alert_text") for part in full_text(t, lang, alert.id, alert.description)]
    media = attachment(alert.attachment)
    if media is not None:
        found.append((media, "alert_media"))
    return found


def findings(t: Translator, lang: str, found: list[Finding]) -> Reply:
    lines = [t(lang, "alert.guard.found"), *finding_lines(t, lang, found)]
    lines.append(t(lang, "alert.guard.question"))
    buttons = (
        Button.press(t(lang, "alert.guard.edit"), Choice.of("alert.guard", "edit")),
        Button.press(t(lang, "alert.guard.keep"), Choice.of("alert.guard", "keep")),
    )
    return Reply(Safe("\n".join(lines)), (buttons,))

"""The alert card every copy shows, and the raising flow's questions and summary.

A card stays short (an excerpt of the description) so it can always be edited in place;
a longer description follows as its own message(s), which the delivery engine splits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import Safe, Translator, escape
from bot.renderers.common import agency_label
from bot.rendering import Button, Reply, rows
from bot.services.alert_guard import Finding
from bot.services.alert_routing import CATEGORIES
from bot.services.alert_views import AlertView
from bot.services.alerts import URGENCIES
from storage.members import Group, Member

EXCERPT = 1000  # characters of the description on the card itself
NOTE_EXCERPT = 500  # characters of the closing note on the card (it is whole in the history)
MAX_NAMES = 8
MAX_FINDINGS = 10


def local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M")


def age(t: Translator, lang: str, span: timedelta) -> Safe:
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return t(lang, "alert.age.minutes", n=minutes)
    if minutes < 48 * 60:
        return t(lang, "alert.age.hours", h=minutes // 60, m=minutes % 60)
    return t.plural(lang, "alert.age.days", minutes // 1440)


def category_choices(t: Translator, lang: str) -> list[tuple[str, str]]:
    return [(c, t(lang, f"alert.category.{c}")) for c in CATEGORIES]


def urgency_choices(t: Translator, lang: str) -> list[tuple[str, str]]:
    return [(u, t(lang, f"alert.urgency.{u}")) for u in URGENCIES]


def region_choices(regions: Sequence[Group], member: Member) -> list[tuple[str, str]]:
    """The twelve committees, the member's own first."""
    own = {g.id for g in member.groups}
    ordered = sorted(regions, key=lambda g: (g.id not in own, g.name))
    return [(g.slug, g.name) for g in ordered]


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
    if reader is None or alert.status == "resolved" or reader.id == alert.raised_by_member_id:
        return []
    row = view.recipients.get(reader.id)
    coordinator = reader.role == "coordinator"
    if row is None and not coordinator:
        return []
    arg = str(alert.id)
    found: list[Button] = []
    if row is None or row.acting_since is None:
        if row is None or row.acknowledged_at is None:
            found.append(Button(t(lang, "alert.button.ack"), "ala", arg))
        found.append(Button(t(lang, "alert.button.act"), "alt", arg))
    else:
        found += [
            Button(t(lang, "alert.button.note"), "aln", arg),
            Button(t(lang, "alert.button.refer"), "alf", arg),
            Button(t(lang, "alert.button.release"), "alu", arg),
        ]
    if coordinator:
        found.append(Button(t(lang, "alert.button.resolve"), "alr", arg))
    return found


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
            f"alert.card.title.{alert.urgency}",
            id=alert.id,
            category=t(lang, f"alert.category.{alert.category}"),
            region=view.region.name,
        ),
        t(
            lang,
            "alert.card.from",
            name=sender.display_name,
            organisation=sender.organisation.name if sender.organisation else "—",
            agency=agency_label(t, lang, sender.agency),
            when=local(alert.created_at, zone),
            age=age(t, lang, now - alert.created_at),
        ),
        t(lang, "alert.card.status", status=t(lang, f"alert.status.{alert.status}")),
    ]
    if alert.escalation_level and alert.status == "open":
        parts.append(t(lang, "alert.card.escalated", level=alert.escalation_level))
    parts.append(Safe(f"\n{excerpt(t, lang, alert.description)}\n"))
    if view.acknowledged:
        parts.append(t(lang, "alert.card.acknowledged", names=_names(t, lang, view.acknowledged)))
    if view.acting:
        parts.append(t(lang, "alert.card.acting", names=_names(t, lang, view.acting)))
    if alert.holder_agency:
        parts.append(
            t(lang, "alert.card.holder", agency=agency_label(t, lang, alert.holder_agency))
        )
    if alert.status == "resolved":
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


def full_text(t: Translator, lang: str, alert_id: int, description: str) -> Reply:
    return Reply(t(lang, "alert.full_text", id=alert_id, text=description))


def attachment(data: dict[str, Any]) -> Reply:
    kind = data.get("kind")
    if kind == "location":
        spot = {"latitude": data["latitude"], "longitude": data["longitude"]}
        return Reply("", location=spot)
    media = {"file_id": data["file_id"]}
    return Reply("", photo=media) if kind == "photo" else Reply("", document=media)


def findings(t: Translator, lang: str, found: list[Finding]) -> Reply:
    lines = [t(lang, "alert.guard.found")]
    lines += [
        t(lang, "alert.guard.line", kind=t(lang, f"alert.guard.{f.kind}"), text=f.text)
        for f in found[:MAX_FINDINGS]
    ]
    if len(found) > MAX_FINDINGS:  # a pasted list must not push the buttons past 4096
        lines.append(t.plural(lang, "alert.guard.more", len(found) - MAX_FINDINGS))
    lines.append(t(lang, "alert.guard.question"))
    buttons = (
        Button(t(lang, "alert.guard.edit"), "f", "alert.guard.edit"),
        Button(t(lang, "alert.guard.keep"), "f", "alert.guard.keep"),
    )
    return Reply(Safe("\n".join(lines)), (buttons,))

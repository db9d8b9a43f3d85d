"""Short messages about an alert: the sender's report, notes, releases, referrals, reminders,
/alerts and an alert's history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.alerts.model import (
    AcceptReferral,
    Category,
    DeclineReferral,
    OpenAlert,
    ReferralStatus,
    Status,
    Urgency,
)
from bot.alerts.render import words
from bot.alerts.render.card import age
from bot.alerts.render.routing_buttons import routing_buttons
from bot.alerts.routing import CATEGORIES
from bot.alerts.views import AlertView
from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import agency_label
from bot.core.local_time import format_moment
from bot.core.rendering import Button, Reply, rows
from storage.alerts import Alert, AlertEvent, AlertReferral
from storage.members import Group


def raised(
    t: Translator, lang: str, alert_id: int, count: int, agencies: list[str], coordinators: bool
) -> Reply:
    if not agencies:
        return Reply(t(lang, "alert.raised.nobody", id=alert_id, count=count))
    labels = [agency_label(t, lang, a) for a in agencies]
    if coordinators:
        labels.append(t(lang, "alert.raised.coordinators"))
    return Reply(
        t.plural(lang, "alert.raised", count, id=alert_id, agencies=Safe(", ".join(labels)))
    )


def note(t: Translator, lang: str, alert_id: int, author: str, text: str) -> Reply:
    return Reply(t(lang, "alert.note.notice", id=alert_id, name=author, text=text))


def released(t: Translator, lang: str, alert_id: int, name: str) -> Reply:
    return Reply(t(lang, "alert.release.notice", id=alert_id, name=name))


def resolved(t: Translator, lang: str, alert_id: int, name: str, text: str) -> Reply:
    return Reply(t(lang, "alert.resolve.notice", id=alert_id, name=name, text=text))


def stale(t: Translator, lang: str, view: AlertView, now: datetime) -> Reply:
    return Reply(
        t(
            lang,
            "alert.stale",
            id=view.alert.id,
            region=view.region.name,
            names=", ".join(view.acting) or "—",
            age=age(t, lang, now - view.alert.created_at),
        )
    )


def referral_card(
    t: Translator,
    lang: str,
    referral: AlertReferral,
    view: AlertView,
    referrer: str,
    answered_by: str = "—",
) -> Reply:
    text = t(
        lang,
        "alert.referral.card",
        id=view.alert.id,
        name=referrer,
        agency=agency_label(t, lang, referral.to_agency),
        reason=referral.reason,
    )
    if referral.status == ReferralStatus.PENDING:
        buttons = (
            Button.press(t(lang, "alert.referral.accept"), AcceptReferral(referral.id)),
            Button.press(t(lang, "alert.referral.decline"), DeclineReferral(referral.id)),
        )
        return Reply(text, (buttons,))
    key = words.REFERRAL[ReferralStatus(referral.status)]
    return Reply(Safe(f"{text}\n\n{t(lang, key, name=answered_by)}"))


def referral_answered(
    t: Translator, lang: str, referral: AlertReferral, who: str, agency: str
) -> Reply:
    key = words.REFERRAL_NOTICE[ReferralStatus(referral.status)]
    return Reply(
        t(
            lang,
            key,
            id=referral.alert_id,
            name=who,
            agency=agency_label(t, lang, agency),
            reason=referral.answer_reason or "—",
        )
    )


def _status(t: Translator, lang: str, alert: Alert, acknowledged_by: dict[int, str]) -> Safe:
    """As on the card: "acknowledged by Ardit" (see bot/alerts/render/card.status)."""
    name = acknowledged_by.get(alert.id)
    if alert.status == Status.ACKNOWLEDGED and name:
        return t(lang, "flows.alert.status.acknowledged_by", name=name)
    return t(lang, words.STATUS[Status(alert.status)])


def listing(
    t: Translator,
    lang: str,
    alerts: Sequence[Alert],
    regions: dict[int, Group],
    now: datetime,
    acknowledged_by: dict[int, str] | None = None,
) -> Reply:
    if not alerts:
        return Reply(t(lang, "alert.list.empty"))
    lines = [t(lang, "alert.list.title")]
    for alert in alerts:
        lines.append(
            t(
                lang,
                words.LIST_LINE[Urgency(alert.urgency)],
                id=alert.id,
                category=t(lang, words.CATEGORY[Category(alert.category)]),
                region=regions[alert.group_id].name,
                status=_status(t, lang, alert, acknowledged_by or {}),
                age=age(t, lang, now - alert.created_at),
            )
        )
    buttons = [Button.press(f"#{a.id}", OpenAlert(a.id)) for a in alerts]
    return Reply(Safe("\n".join(lines)), rows(buttons, 5))


def history(
    t: Translator, lang: str, events: Sequence[tuple[AlertEvent, str]], zone: ZoneInfo
) -> Reply:
    lines: list[str] = [t(lang, "alert.history.title")]
    for item, name in events:
        what = t(lang, words.HISTORY[item.kind], name=name)
        if item.kind == "referred":
            what = Safe(f"{what} → {agency_label(t, lang, str(item.details.get('to')))}")
        line = f"{format_moment(item.at, zone)} · {what}"
        if item.text:
            line += f"\n    <i>{escape(item.text)}</i>"
        lines.append(line)
    return Reply(Safe("\n".join(lines)))


def routing(t: Translator, lang: str, table: dict[str, list[str]]) -> Reply:
    """/routing: who receives each category, and how to change it."""
    lines: list[str] = [t(lang, "alert.routing.title")]
    for category in CATEGORIES:
        agencies = ", ".join(agency_label(t, lang, a) for a in table[category])
        name = t(lang, words.CATEGORY[category])
        lines.append(f"<b>{name}</b>: {agencies}")
    lines.append(t(lang, "alert.routing.usage"))
    return Reply(Safe("\n".join(lines)), routing_buttons(t, lang))

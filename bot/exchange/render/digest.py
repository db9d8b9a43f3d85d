"""The weekly digest's text: updates by topic with their first lines, open alerts of the
region, upcoming meetings. Long weeks are cut to a few lines per section, with a count."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator
from bot.core.local_time import format_day, format_short
from bot.core.rendering import Reply
from bot.exchange.model import TOPICS, Digest
from bot.exchange.render.messages import first_line, topic_label
from storage.alerts import Alert

PER_SECTION = 5
# An alert's category by its stored value (the alerts' catalog); any other shows as stored.
ALERT_CATEGORY = {
    "potential_victim": "alert.category.potential_victim",
    "child_at_risk": "alert.category.child_at_risk",
    "recruitment": "alert.category.recruitment",
    "missing_person": "alert.category.missing_person",
    "other": "alert.category.other",
}


def _more(t: Translator, lang: str, total: int) -> list[Safe]:
    hidden = total - PER_SECTION
    return [t.plural(lang, "exchange.digest.more", hidden)] if hidden > 0 else []


def _updates(t: Translator, lang: str, found: Digest) -> list[Safe]:
    total = sum(len(v) for v in found.by_topic.values())
    lines = [t(lang, "exchange.digest.updates", count=total)]
    if not total:
        lines.append(t(lang, "exchange.digest.no_updates"))
    for topic in TOPICS:
        entries = found.by_topic.get(topic, [])
        if not entries:
            continue
        label = topic_label(t, lang, topic)
        lines.append(t(lang, "exchange.digest.topic", topic=label, count=len(entries)))
        for entry in entries[:PER_SECTION]:
            text = first_line(entry.text) if entry.text else "…"
            lines.append(t(lang, "exchange.digest.item", name=entry.sender_name, text=text))
        lines += _more(t, lang, len(entries))
    return lines


def _alert(t: Translator, lang: str, alert: Alert, zone: ZoneInfo) -> Safe:
    # The category, never the description (descriptions may name a victim); and only
    # to those the alert was routed to (for_reader), never in a group chat.
    key = ALERT_CATEGORY.get(alert.category)
    category = t(lang, key) if key is not None else alert.category
    when = format_short(alert.created_at, zone)
    return t(lang, "exchange.digest.alert", when=when, id=alert.id, category=category)


def _alerts(t: Translator, lang: str, found: Digest, zone: ZoneInfo) -> list[Safe]:
    if found.alerts_hidden:
        return [Safe(""), t(lang, "audience.digest.alerts_private")]
    lines = [Safe(""), t(lang, "exchange.digest.alerts", count=len(found.alerts))]
    if not found.alerts:
        lines.append(t(lang, "exchange.digest.no_alerts"))
    lines += [_alert(t, lang, alert, zone) for alert in found.alerts[:PER_SECTION]]
    return lines + _more(t, lang, len(found.alerts))


def _meetings(t: Translator, lang: str, found: Digest, zone: ZoneInfo) -> list[Safe]:
    lines = [Safe(""), t(lang, "exchange.digest.meetings")]
    if not found.meetings:
        lines.append(t(lang, "exchange.digest.no_meetings"))
    for meeting in found.meetings[:PER_SECTION]:
        when = format_short(meeting.starts_at, zone)
        lines.append(t(lang, "exchange.digest.meeting", when=when, title=meeting.title))
    return lines + _more(t, lang, len(found.meetings))


def digest(t: Translator, lang: str, found: Digest, zone: ZoneInfo) -> Reply:
    start, end = format_day(found.since, zone), format_day(found.until, zone)
    title = t(lang, "exchange.digest.title", group=found.group.name, start=start, end=end)
    lines = [title, Safe(""), *_updates(t, lang, found)]
    lines += _alerts(t, lang, found, zone) + _meetings(t, lang, found, zone)
    return Reply(Safe("\n".join(lines)))

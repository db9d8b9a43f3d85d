"""The weekly digest's text: updates by topic with their first lines, open alerts of the
region, upcoming meetings. Long weeks are cut to a few lines per section, with a count."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator
from bot.core.rendering import Reply
from bot.exchange.render.messages import first_line, topic_label
from bot.log.entries import TOPICS

if TYPE_CHECKING:
    from bot.exchange.digest import Digest

PER_SECTION = 5


def _more(t: Translator, lang: str, total: int) -> list[Safe]:
    hidden = total - PER_SECTION
    return [t.plural(lang, "exchange.digest.more", hidden)] if hidden > 0 else []


def digest(t: Translator, lang: str, found: Digest, zone: ZoneInfo) -> Reply:
    day = "%d.%m.%Y"
    when = "%d.%m %H:%M"
    lines = [
        t(
            lang,
            "exchange.digest.title",
            group=found.group.name,
            start=found.since.astimezone(zone).strftime(day),
            end=found.until.astimezone(zone).strftime(day),
        ),
        Safe(""),
    ]
    total = sum(len(v) for v in found.by_topic.values())
    lines.append(t(lang, "exchange.digest.updates", count=total))
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
    if found.alerts_hidden:
        lines += [Safe(""), t(lang, "audience.digest.alerts_private")]
    else:
        lines += [Safe(""), t(lang, "exchange.digest.alerts", count=len(found.alerts))]
    if not found.alerts and not found.alerts_hidden:
        lines.append(t(lang, "exchange.digest.no_alerts"))
    for alert in found.alerts[:PER_SECTION]:
        stamp = alert.created_at.astimezone(zone).strftime(when)
        # The category, never the description (descriptions may name a victim); and only
        # to those the alert was routed to (for_reader), never in a group chat.
        key = f"alert.category.{alert.category}"
        category = t(lang, key) if t.has(key) else alert.category
        lines.append(t(lang, "exchange.digest.alert", when=stamp, id=alert.id, category=category))
    lines += _more(t, lang, len(found.alerts))
    lines += [Safe(""), t(lang, "exchange.digest.meetings")]
    if not found.meetings:
        lines.append(t(lang, "exchange.digest.no_meetings"))
    for meeting in found.meetings[:PER_SECTION]:
        stamp = meeting.starts_at.astimezone(zone).strftime(when)
        lines.append(t(lang, "exchange.digest.meeting", when=stamp, title=meeting.title))
    lines += _more(t, lang, len(found.meetings))
    return Reply(Safe("\n".join(lines)))

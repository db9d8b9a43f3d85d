"""Texts of the exchange: the /update questions, relayed updates and replies, history pages
and search results. User text is always escaped (the catalog's t() does it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import prompt
from bot.core.rendering import Button, Reply, rows
from bot.exchange.updates import ALL_GROUPS, NO_ATTACHMENT, PICKED
from bot.log.entries import TOPICS
from storage.exchange import ExchangeEntry
from storage.members import Group

FIRST_LINE = 80


def first_line(text: str, limit: int = FIRST_LINE) -> str:
    line = (text.strip().splitlines() or [""])[0]
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def topic_label(t: Translator, lang: str, topic: str | None) -> Safe:
    return t(lang, f"exchange.topic.{topic}") if topic in TOPICS else Safe("")


def _groups(groups: Sequence[Group]) -> Safe:
    return Safe(", ".join(escape(g.name) for g in groups) or "—")


def group_prompt(
    t: Translator,
    lang: str,
    groups: Sequence[Group],
    coordinator: bool,
    picked: Sequence[str] = (),
) -> Reply:
    """Members pick one of their groups; coordinators tick several, or take them all."""
    if not coordinator:
        choices = [(str(g.id), g.name) for g in groups]
        return prompt(t, lang, "exchange.group.prompt", choices, "exchange.group", per_row=3)
    choices = [(str(g.id), f"{'✅ ' if str(g.id) in picked else ''}{g.name}") for g in groups]
    choices.append((ALL_GROUPS, str(t(lang, "exchange.all_groups"))))
    choices.append((PICKED, str(t(lang, "exchange.groups.done"))))
    return prompt(t, lang, "exchange.group.prompt.several", choices, "exchange.group", per_row=3)


def topic_prompt(t: Translator, lang: str) -> Reply:
    choices = [(topic, str(topic_label(t, lang, topic))) for topic in TOPICS]
    return prompt(t, lang, "exchange.topic.prompt", choices, "exchange.topic")


def attachment_prompt(t: Translator, lang: str) -> Reply:
    choices = [(NO_ATTACHMENT, str(t(lang, "exchange.attachment.none")))]
    return prompt(t, lang, "exchange.attachment.prompt", choices, "exchange.attachment")


def card(
    t: Translator, lang: str, entry: ExchangeEntry, groups: Sequence[Group], to_chat: bool = False
) -> Reply:
    """A relayed update (or reply) under a header: who, from where, to which group."""
    key = "exchange.card.reply" if entry.kind == "reply" else "exchange.card.update"
    parts = [
        t(
            lang,
            key,
            name=entry.sender_name,
            organisation=entry.organisation or "—",
            groups=_groups(groups),
            topic=topic_label(t, lang, entry.topic),
            text=entry.text,
        )
    ]
    if entry.version > 1:
        parts.append(t(lang, "exchange.card.edited"))
    if not to_chat:
        parts.append(t(lang, "exchange.card.hint"))
    return Reply(Safe("\n".join(parts)))


def attachment(item: dict[str, Any]) -> Reply:
    """The attachment as its own message, sent right after the card."""
    kind = item.get("type")
    if kind == "location":
        return Reply("", location={"latitude": item["latitude"], "longitude": item["longitude"]})
    if kind == "photo":
        return Reply("", photo={"file_id": item["file_id"]})
    return Reply("", document={"file_id": item["file_id"]})


def answered(t: Translator, lang: str, author: str | None, group_too: bool) -> Reply:
    if author is None and not group_too:
        return Reply(t(lang, "exchange.reply.logged"))
    key = "exchange.reply.sent_group" if group_too else "exchange.reply.sent"
    return Reply(t(lang, key, name=author or "—"))


def line(
    t: Translator, lang: str, entry: ExchangeEntry, groups: Sequence[Group], zone: ZoneInfo
) -> Safe:
    """One entry in a list: when, what kind, who, where, its first line."""
    text = t(lang, "exchange.purged") if entry.purged_at else Safe(escape(first_line(entry.text)))
    return t(
        lang,
        "exchange.line",
        when=entry.created_at.astimezone(zone).strftime("%d.%m %H:%M"),
        kind=t(lang, f"exchange.kind.{entry.kind}")
        if t.has(f"exchange.kind.{entry.kind}")
        else entry.kind,
        name=entry.sender_name,
        groups=_groups(groups),
        text=text,
    )


def history(
    t: Translator,
    lang: str,
    entries: Sequence[ExchangeEntry],
    groups: dict[int, list[Group]],
    zone: ZoneInfo,
    scope: str,
    older: str | None,
) -> Reply:
    """A page of the log, newest first; `older` is the button's argument for the next page."""
    if not entries:
        return Reply(t(lang, "exchange.history.empty", scope=scope))
    lines = [t(lang, "exchange.history.title", scope=scope)]
    lines += [line(t, lang, e, groups.get(e.id, []), zone) for e in entries]
    buttons = [Button(t(lang, "exchange.history.older"), "exh", older)] if older else []
    return Reply(Safe("\n\n".join(lines)), rows(buttons))


def results(
    t: Translator,
    lang: str,
    entries: Sequence[ExchangeEntry],
    groups: dict[int, list[Group]],
    zone: ZoneInfo,
    words: str,
    full: bool,
) -> Reply:
    if not entries:
        return Reply(t(lang, "exchange.search.none", words=words))
    lines = [t.plural(lang, "exchange.search.title", len(entries), words=words)]
    lines += [line(t, lang, e, groups.get(e.id, []), zone) for e in entries]
    if full:
        lines.append(t(lang, "exchange.search.more"))
    return Reply(Safe("\n\n".join(lines)))

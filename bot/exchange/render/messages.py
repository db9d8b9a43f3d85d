"""Texts of the exchange: the /update questions, relayed updates and replies, history pages
and search results. User text is always escaped (the catalog's t() does it)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.attachments import Attachment
from bot.core.i18n import Safe, Translator, escape
from bot.core.labels import prompt
from bot.core.local_time import format_short
from bot.core.picker import Picker
from bot.core.rendering import Button, Reply, rows
from bot.exchange.model import NO_ATTACHMENT, TOPICS, EntryKind, OlderPage, Topic
from storage.exchange import ExchangeEntry
from storage.members import Group

FIRST_LINE = 80
GROUPS = Picker(
    "exchange.group", "exchange.group.prompt.several", "exchange.groups.done", "exchange.all_groups"
)
TOPIC_KEY = {
    Topic.PREVENTION: "exchange.topic.prevention",
    Topic.VICTIM_ASSISTANCE: "exchange.topic.victim_assistance",
    Topic.CHILD_PROTECTION: "exchange.topic.child_protection",
    Topic.INVESTIGATION: "exchange.topic.investigation",
    Topic.REINTEGRATION: "exchange.topic.reintegration",
    Topic.OTHER: "exchange.topic.other",
}
KIND_KEY = {  # the kinds with a word of their own; any other shows as stored
    EntryKind.UPDATE: "exchange.kind.update",
    EntryKind.REPLY: "exchange.kind.reply",
    EntryKind.ALERT: "exchange.kind.alert",
    EntryKind.NOTICE: "exchange.kind.notice",
    EntryKind.BROADCAST: "exchange.kind.broadcast",
    EntryKind.MEETING: "exchange.kind.meeting",
    EntryKind.DIGEST: "exchange.kind.digest",
}


def first_line(text: str, limit: int = FIRST_LINE) -> str:
    line = (text.strip().splitlines() or [""])[0]
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def topic_label(t: Translator, lang: str, topic: str | None) -> Safe:
    key = TOPIC_KEY.get(Topic(topic)) if topic in TOPIC_KEY else None
    return t(lang, key) if key is not None else Safe("")


def kind_label(t: Translator, lang: str, kind: str) -> Safe | str:
    key = KIND_KEY.get(EntryKind(kind)) if kind in KIND_KEY else None
    return t(lang, key) if key is not None else kind


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
    return GROUPS.render(t, lang, groups, picked)


def topic_prompt(t: Translator, lang: str) -> Reply:
    choices = [(str(topic), str(topic_label(t, lang, topic))) for topic in TOPICS]
    return prompt(t, lang, "exchange.topic.prompt", choices, "exchange.topic")


def attachment_prompt(t: Translator, lang: str) -> Reply:
    choices = [(NO_ATTACHMENT, str(t(lang, "exchange.attachment.none")))]
    return prompt(t, lang, "exchange.attachment.prompt", choices, "exchange.attachment")


def text_prompt(t: Translator, lang: str) -> Reply:
    return prompt(t, lang, "exchange.text.prompt")


def card(
    t: Translator, lang: str, entry: ExchangeEntry, groups: Sequence[Group], to_chat: bool = False
) -> Reply:
    """A relayed update (or reply) under a header: who, from where, to which group."""
    key = "exchange.card.reply" if entry.kind == EntryKind.REPLY else "exchange.card.update"
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


def attachment(item: Attachment) -> Reply:
    """The attachment as its own message, sent right after the card."""
    return item.reply()


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
        when=format_short(entry.created_at, zone),
        kind=kind_label(t, lang, entry.kind),
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
    older: OlderPage | None,
) -> Reply:
    """A page of the log, newest first; `older` is the next page's button, if there is one."""
    if not entries:
        return Reply(t(lang, "exchange.history.empty", scope=scope))
    lines = [t(lang, "exchange.history.title", scope=scope)]
    lines += [line(t, lang, e, groups.get(e.id, []), zone) for e in entries]
    buttons = [Button.press(t(lang, "exchange.history.older"), older)] if older else []
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

"""Who gets which message of the exchange, and putting it into the outbox: the one place.

- an update: the active members of its groups (never its sender) and each group's linked chat;
- a reply: the author of what it answers and, when a group's setting says so (/replies), that
  group's members and linked chat too (never the replier; an audience of its own is never
  widened to groups);
- an edit: every copy of the entry is edited in place, in its reader's language;
- the weekly digest: the group's active members and its linked chat.

Every copy refers to the entry (("update", first id)), so a Telegram reply to any of them
threads back to it; each attachment follows the card as its own message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.attachments import Attachment
from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import Priority, copies, enqueue, enqueue_edit
from bot.exchange.links import linked_chats, settings_for
from bot.exchange.model import REPLIES_REF, UPDATE_REF
from bot.exchange.render import messages
from bot.exchange.search import groups_by_entry
from bot.members import directory
from storage.exchange import ExchangeEntry
from storage.members import Group, Member, Membership


@dataclass(frozen=True)
class Relay:
    """One logged entry and where it goes: members (each in their language) and group chats."""

    entry: ExchangeEntry
    groups: list[Group]
    to_members: list[Member]
    to_chats: list[int]
    author: Member | None = None  # for a reply: the person answered


async def audience(
    session: AsyncSession, group_ids: Sequence[int], exclude: set[int]
) -> list[Member]:
    """Active members of any of the groups, each once, without the excluded ones."""
    if not group_ids:
        return []
    query = (
        select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id.in_(group_ids), Member.status == "active")
        .distinct()
        .order_by(Member.id)
    )
    return [m for m in (await session.scalars(query)).all() if m.id not in exclude]


async def chats_of(session: AsyncSession, group_ids: Sequence[int]) -> list[int]:
    """The linked Telegram chats of these groups."""
    return [chat for _, chat in await linked_chats(session, group_ids)]


async def of_update(
    session: AsyncSession, entry: ExchangeEntry, groups: Sequence[Group], sender: Member
) -> Relay:
    group_ids = [g.id for g in groups]
    to = await audience(session, group_ids, exclude={sender.id})
    return Relay(entry, list(groups), to, await chats_of(session, group_ids))


async def of_reply(
    session: AsyncSession,
    now: datetime,
    entry: ExchangeEntry,
    parent: ExchangeEntry,
    group_ids: Sequence[int],
    restricted: bool,
) -> Relay:
    """`restricted`: what is answered has an audience of its own (its readers)."""
    replier = entry.sender_member_id
    found = await directory.by_id(session, parent.sender_member_id or 0)
    author = found if found and found.id != replier and found.status == "active" else None
    settings = [await settings_for(session, gid, now) for gid in group_ids]
    others: list[Member] = []
    chats: list[int] = []
    if any(s.replies_to_group for s in settings) and not restricted:
        skip = {replier or 0} | ({author.id} if author else set())
        others = await audience(session, group_ids, exclude=skip)
        chats = await chats_of(session, group_ids)
    groups = [g for g in await directory.all_groups(session) if g.id in group_ids]
    return Relay(entry, groups, others, chats, author=author)


def deliver(turn: Turn, relay: Relay) -> None:
    """The card (to the author answered first), then each attachment, through the outbox."""
    entry, t = relay.entry, turn.translator
    ref = (UPDATE_REF, entry.id)
    attachments = [a for a in map(Attachment.from_json, entry.attachments) if a is not None]
    if relay.author is not None:
        build = _card(t, entry, relay.groups)
        turn.notify(relay.author, build, priority=Priority.INTERACTIVE, ref=ref)
    for member in relay.to_members:
        turn.notify(member, _card(t, entry, relay.groups), ref=ref)
        for item in attachments:
            turn.notify(member, _fixed(item.reply()), ref=ref)
    for chat_id in relay.to_chats:
        card = messages.card(t, t.default, entry, relay.groups, to_chat=True)
        turn.send(chat_id, card, priority=Priority.NOTICE, ref=ref)
        for item in attachments:
            turn.send(chat_id, item.reply(), priority=Priority.NOTICE, ref=ref)


def _card(t: Translator, entry: ExchangeEntry, groups: list[Group]) -> Callable[[str], Reply]:
    return lambda lang: messages.card(t, lang, entry, groups)


def _fixed(reply: Reply) -> Callable[[str], Reply]:
    """An attachment reads the same in every language."""
    return lambda _lang: reply


async def edited(
    session: AsyncSession, translator: Translator, now: datetime, newer: ExchangeEntry
) -> None:
    """A new version of an entry: every copy of its card shows it, in its reader's language."""
    groups = (await groups_by_entry(session, [newer.id])).get(newer.id, [])
    for copy in await copies(session, (UPDATE_REF, newer.first_id or newer.id)):
        if copy.kind != "text":
            continue
        reader = await directory.by_id(session, copy.member_id) if copy.member_id else None
        lang = reader.language if reader else translator.default
        card = messages.card(translator, lang, newer, groups, to_chat=copy.chat_id < 0)
        await enqueue_edit(session, target=copy, reply=card, now=now)


async def digest_recipients(
    session: AsyncSession, group_id: int, chat_lang: str
) -> tuple[list[Member], list[tuple[int, int | None, str]]]:
    """The digest's readers (the group's active members) and every (chat, member id or None,
    language) it goes to: each member, and the group's linked chat in `chat_lang`."""
    people = await audience(session, [group_id], exclude=set())
    to: list[tuple[int, int | None, str]] = [(m.telegram_user_id, m.id, m.language) for m in people]
    to += [(chat, None, chat_lang) for chat in await chats_of(session, [group_id])]
    return people, to


def send_digest(
    session: AsyncSession,
    now: datetime,
    build_reply: Callable[[str, int | None], Reply],
    recipients: Sequence[tuple[int, int | None, str]],
) -> None:
    for chat_id, member_id, lang in recipients:
        enqueue(
            session,
            chat_id=chat_id,
            reply=build_reply(lang, member_id),
            now=now,
            priority=Priority.BULK,
            member_id=member_id,
            ref=("exchange_digest", 0),
        )


async def replies_changed(session: AsyncSession, now: datetime, group_id: int, card: Reply) -> None:
    """A group's reply setting changed: every /replies card of it shows the new one."""
    for row in await copies(session, (REPLIES_REF, group_id)):
        await enqueue_edit(session, target=row, reply=card, now=now)

"""Putting alerts into the outbox: a card per person (ref ("alert", id), so every copy can be
edited in place), the full description and the attachment after it, and card refreshes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.render.card import EXCERPT, attachment, card, full_text
from bot.alerts.views import AlertView, load
from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.delivery import Priority, copies, enqueue_edit, enqueue_to
from bot.members import directory
from storage.members import Member

REF = "alert"


def send(
    session: AsyncSession,
    now: datetime,
    member: Member,
    reply: Reply,
    priority: Priority = Priority.NOTICE,
    ref: tuple[str, int] | None = None,
) -> None:
    enqueue_to(
        session,
        member,
        reply,
        now=now,
        priority=priority,
        ref=ref,
    )


def send_card(
    session: AsyncSession,
    t: Translator,
    zone: ZoneInfo,
    view: AlertView,
    member: Member,
    now: datetime,
    before: Callable[[str], Reply] | None = None,
) -> None:
    """The card, then the whole description if the card shows only part, then the attachment."""
    lang, alert = member.language, view.alert
    if before is not None:
        send(session, now, member, before(lang), Priority.ALERT, ("alert_notice", alert.id))
    reply = card(t, lang, view, member, now, zone)
    send(session, now, member, reply, Priority.ALERT, (REF, alert.id))
    if len(alert.description) > EXCERPT:
        for part in full_text(t, lang, alert.id, alert.description):
            send(session, now, member, part, Priority.ALERT, ("alert_text", alert.id))
    if alert.attachment:
        media = attachment(alert.attachment)
        send(session, now, member, media, Priority.ALERT, ("alert_media", alert.id))


async def refresh(
    session: AsyncSession, t: Translator, zone: ZoneInfo, alert_id: int, now: datetime
) -> None:
    """Edit every copy of the card (the sender's too) to the alert's current state."""
    view = await load(session, alert_id)
    if view is None:
        return
    for row in await copies(session, (REF, alert_id)):
        if row.chat_id < 0:  # a card once opened in a group chat is not kept current there
            continue
        reader = await directory.by_id(session, row.member_id) if row.member_id else None
        lang = reader.language if reader else t.default
        reply = card(t, lang, view, reader, now, zone)
        await enqueue_edit(session, target=row, reply=reply, now=now)

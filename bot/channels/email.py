"""E-mail as a second channel: a member's confirmed address, when it is used, and the e-mails
themselves (rows of the e-mail outbox, sent by the channel worker).

An address is used only once confirmed with the six-digit code sent to it. An e-mail carries no
more than the member's Telegram copy of the same message, in their language, with a link back
to the bot."""

from __future__ import annotations

import hashlib
import html
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.model import (
    CODE_MAX_ATTEMPTS,
    CODE_TTL_MINUTES,
    EmailAction,
    EmailMode,
    EmailPurpose,
    SendState,
)
from bot.core import audit
from bot.core.i18n import Translator
from storage.channels import EmailMessage, MemberEmail
from storage.members import Member

ADDRESS = re.compile(
    r"^[^@\s<>()\[\]\\,;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_TAG = re.compile(r"<[^>]+>")
# The link back to the bot is known once Ura asked Telegram who it is; rows carry this marker
# and the sender writes the link in (timers that queue e-mails do not know the bot's name).
BOT_LINK = "\u27e8ura-bot-link\u27e9"


class EmailRefused(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _words(t: Translator, lang: str, key: str, **values: object) -> str:
    """A catalog text for an e-mail: plain text, values as typed (the e-mail is not HTML)."""
    return html.unescape(str(t(lang, key, **values)))


def _hash(member_id: int, code: str) -> str:
    return hashlib.sha256(f"{member_id}:{code}".encode()).hexdigest()


def plain(text_html: str) -> str:
    """A Telegram message's HTML as plain text for an e-mail."""
    return html.unescape(_TAG.sub("", text_html)).strip()


def enqueue(
    session: AsyncSession,
    now: datetime,
    member: Member | None,
    to: str,
    subject: str,
    body: str,
    purpose: EmailPurpose,
    ref: tuple[str, int] | None = None,
) -> EmailMessage:
    row = EmailMessage(
        member_id=member.id if member else None,
        to_address=to,
        subject=subject[:200],
        body=body,
        purpose=purpose,
        state=SendState.PENDING,
        attempts=0,
        not_before=now,
        ref_type=ref[0] if ref else None,
        ref_id=ref[1] if ref else None,
        created_at=now,
    )
    session.add(row)
    return row


async def begin(
    session: AsyncSession, now: datetime, t: Translator, member: Member, typed: str
) -> MemberEmail:
    """A new (or changed) address waits for its code; the code goes to that address."""
    address = typed.strip()
    if len(address) > 254 or not ADDRESS.match(address):
        raise EmailRefused("email.address_invalid")
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = await session.get(MemberEmail, member.id)
    if row is None:
        row = MemberEmail(member_id=member.id, mode=EmailMode.FALLBACK)
        session.add(row)
    row.address, row.confirmed_at = address, None
    row.code_hash, row.code_expires_at = (
        _hash(member.id, code),
        now + timedelta(minutes=CODE_TTL_MINUTES),
    )
    row.code_attempts, row.updated_at = 0, now
    lang = member.language
    body = _words(t, lang, "email.confirm.body", code=code, minutes=CODE_TTL_MINUTES, link=BOT_LINK)
    subject = _words(t, lang, "email.confirm.subject")
    enqueue(session, now, member, address, subject, body, EmailPurpose.CONFIRM)
    audit.record(
        session,
        now,
        EmailAction.ADDRESS_ADDED,
        actor_member_id=member.id,
        subject=("member", member.id),
    )
    return row


async def confirm(session: AsyncSession, now: datetime, member: Member, typed: str) -> MemberEmail:
    row = await session.get(MemberEmail, member.id)
    if row is None or row.code_hash is None or row.code_expires_at is None:
        raise EmailRefused("email.no_code")
    if row.code_expires_at < now or row.code_attempts >= CODE_MAX_ATTEMPTS:
        raise EmailRefused("email.code_expired")
    row.code_attempts += 1
    if _hash(member.id, typed.strip()) != row.code_hash:
        raise EmailRefused("email.code_wrong")
    row.confirmed_at, row.code_hash, row.code_expires_at, row.updated_at = now, None, None, now
    audit.record(
        session,
        now,
        EmailAction.CONFIRMED,
        actor_member_id=member.id,
        subject=("member", member.id),
    )
    return row


async def remove(session: AsyncSession, now: datetime, member: Member) -> bool:
    row = await session.get(MemberEmail, member.id)
    if row is None:
        return False
    await session.delete(row)
    audit.record(
        session, now, EmailAction.REMOVED, actor_member_id=member.id, subject=("member", member.id)
    )
    return True


async def set_mode(
    session: AsyncSession, now: datetime, member: Member, mode: EmailMode
) -> MemberEmail:
    row = await session.get(MemberEmail, member.id)
    if row is None or row.confirmed_at is None:
        raise EmailRefused("email.confirm_first")
    row.mode, row.updated_at = mode, now
    audit.record(
        session,
        now,
        EmailAction.MODE,
        actor_member_id=member.id,
        subject=("member", member.id),
        mode=str(mode),
    )
    return row


async def address_of(session: AsyncSession, member: Member) -> MemberEmail | None:
    """The member's address, confirmed or not, or None."""
    return await session.get(MemberEmail, member.id)


async def usable(session: AsyncSession, member: Member, at_least: EmailMode) -> MemberEmail | None:
    """The member's confirmed address, if they chose to be e-mailed at least in this case."""
    row = await session.get(MemberEmail, member.id)
    if row is None or row.confirmed_at is None or member.status != "active":
        return None
    order = [EmailMode.NEVER, EmailMode.FALLBACK, EmailMode.URGENT]
    return row if order.index(EmailMode(row.mode)) >= order.index(at_least) else None


async def fallback_copy(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    member: Member,
    text_html: str,
    ref: tuple[str, int] | None,
) -> EmailMessage | None:
    """Telegram could not deliver this message to the member: the same words by e-mail."""
    row = await usable(session, member, EmailMode.FALLBACK)
    if row is None or not text_html.strip():
        return None
    lang = member.language
    body = _words(t, lang, "email.fallback.body", text=plain(text_html), link=BOT_LINK)
    subject = _words(t, lang, "email.fallback.subject")
    return enqueue(session, now, member, row.address, subject, body, EmailPurpose.FALLBACK, ref)


async def urgent_copy(
    session: AsyncSession,
    now: datetime,
    t: Translator,
    member: Member,
    card_html: str,
    alert_id: int,
) -> EmailMessage | None:
    """An urgent alert still unacknowledged after the first escalation: a copy by e-mail to
    those who asked for it."""
    row = await usable(session, member, EmailMode.URGENT)
    if row is None:
        return None
    lang = member.language
    body = _words(t, lang, "email.urgent.body", text=plain(card_html), link=BOT_LINK)
    subject = _words(t, lang, "email.urgent.subject", id=alert_id)
    return enqueue(
        session, now, member, row.address, subject, body, EmailPurpose.URGENT, ("alert", alert_id)
    )

"""Invitations: a link that grants a role, an organisation and groups, a few times, for a while."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, members
from bot.services.permissions import Agency, Role
from bot.services.text import fit
from storage.members import Group, Invite, Member

MAX_USES = 500
MAX_DAYS = 90


class InviteRefused(Exception):
    """Why a token grants nothing: 'unknown', 'expired' or 'used_up' (a catalog key suffix)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class InviteTerms:
    role: Role
    organisation_name: str
    agency: Agency
    groups: Sequence[Group]
    uses: int = 1
    expires_days: int = 7


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


async def create(
    session: AsyncSession, now: datetime, terms: InviteTerms, created_by: Member | None
) -> str:
    """Store the invite and return its token; only the token's hash is kept."""
    if not 1 <= terms.uses <= MAX_USES:
        raise ValueError(f"uses must be 1..{MAX_USES}")
    if not 1 <= terms.expires_days <= MAX_DAYS:
        raise ValueError(f"expiry must be 1..{MAX_DAYS} days")
    token = secrets.token_urlsafe(18)
    invite = Invite(
        token_hash=token_hash(token),
        role=terms.role,
        agency=terms.agency,
        organisation_name=fit(terms.organisation_name, members.ORGANISATION_MAX),
        group_ids=[g.id for g in terms.groups],
        uses_left=terms.uses,
        expires_at=now + timedelta(days=terms.expires_days),
        created_by_member_id=created_by.id if created_by else None,
        created_at=now,
    )
    session.add(invite)
    await session.flush()
    audit.record(
        session,
        now,
        "invite.created",
        actor_member_id=created_by.id if created_by else None,
        subject=("invite", invite.id),
        role=terms.role,
        organisation=terms.organisation_name,
        groups=[g.slug for g in terms.groups],
        uses=terms.uses,
        days=terms.expires_days,
    )
    return token


async def redeem(
    session: AsyncSession,
    now: datetime,
    token: str,
    *,
    telegram_user_id: int,
    display_name: str,
    language: str,
) -> Member:
    """Register the person with what the invite grants, or refuse with a reason."""
    invite = await session.scalar(select(Invite).where(Invite.token_hash == token_hash(token)))
    if invite is None:
        audit.record(
            session, now, "invite.refused", actor_telegram_id=telegram_user_id, reason="unknown"
        )
        raise InviteRefused("unknown")
    reason = "expired" if invite.expires_at <= now else "used_up" if invite.uses_left < 1 else ""
    if reason:
        audit.record(
            session,
            now,
            "invite.refused",
            actor_telegram_id=telegram_user_id,
            subject=("invite", invite.id),
            reason=reason,
        )
        raise InviteRefused(reason)
    groups = (await session.scalars(select(Group).where(Group.id.in_(invite.group_ids)))).all()
    member = await members.register(
        session,
        now,
        telegram_user_id=telegram_user_id,
        display_name=display_name,
        language=language,
        role=invite.role,
        agency=invite.agency,
        organisation_name=invite.organisation_name,
        groups=groups,
    )
    invite.uses_left -= 1
    audit.record(
        session, now, "invite.redeemed", actor_member_id=member.id, subject=("invite", invite.id)
    )
    return member

"""Invitations: a link that grants a role, an organisation and groups, a few times, for a while."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from bot.core.permissions import Agency, Role, require_active
from bot.core.text import fit
from bot.members import directory
from bot.members.model import InviteState
from storage.members import Group, Invite, Member

MAX_USES = 500
MAX_DAYS = 90
COORDINATOR_DAYS = 1


class InviteRefused(Exception):
    """Why a token grants nothing (its words: model.INVITE_REFUSED)."""

    def __init__(self, reason: InviteState) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class InviteTerms:
    """What an invite grants. A coordinator's invite is always single-use and lasts at most
    a day, whatever was asked: it hands over the keys to everything."""

    role: Role
    organisation_name: str
    agency: Agency
    groups: Sequence[Group]
    uses: int = 1
    expires_days: int = 7

    def __post_init__(self) -> None:
        if self.role == Role.COORDINATOR:
            object.__setattr__(self, "uses", 1)
            object.__setattr__(self, "expires_days", min(self.expires_days, COORDINATOR_DAYS))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


async def create(
    session: AsyncSession, now: datetime, terms: InviteTerms, created_by: Member | None
) -> str:
    """Store the invite and return its token; only the token's hash is kept."""
    if created_by is not None:  # None: the operator's CLI
        require_active(created_by)
    if not 1 <= terms.uses <= MAX_USES:
        raise ValueError(f"uses must be 1..{MAX_USES}")
    if not 1 <= terms.expires_days <= MAX_DAYS:
        raise ValueError(f"expiry must be 1..{MAX_DAYS} days")
    token = secrets.token_urlsafe(18)
    invite = Invite(
        token_hash=token_hash(token),
        role=terms.role,
        agency=terms.agency,
        organisation_name=fit(terms.organisation_name, directory.ORGANISATION_MAX),
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


@dataclass(frozen=True)
class Redeemed:
    member: Member
    asked_role: Role | None = None  # the invite's role differs from the member's: ask


def _usable(now: datetime) -> list[ColumnElement[bool]]:
    return [Invite.uses_left > 0, Invite.revoked_at.is_(None), Invite.expires_at > now]


async def _why_refused(
    session: AsyncSession, digest: str, now: datetime
) -> tuple[InviteState, int | None]:
    invite = await session.scalar(select(Invite).where(Invite.token_hash == digest))
    if invite is None:
        return InviteState.UNKNOWN, None
    if invite.revoked_at is not None:
        return InviteState.REVOKED, invite.id
    expired = invite.expires_at <= now
    return (InviteState.EXPIRED if expired else InviteState.USED_UP), invite.id


async def redeem(
    session: AsyncSession,
    now: datetime,
    token: str,
    *,
    telegram_user_id: int,
    display_name: str,
    language: str,
) -> Redeemed:
    """Register the person with what the invite grants, or refuse with a reason (audited).

    The use is taken by one conditional UPDATE (uses left, not revoked, not expired), so two
    presses at once cannot both use a single-use invite. Registration runs in a savepoint:
    a full group undoes the use; a refusal's audit record stays. An existing member keeps
    their role: a different one in the invite is only asked for (`asked_role`)."""
    digest = token_hash(token)
    claimed: int | None = None
    async with session.begin_nested():
        claim = (
            update(Invite)
            .where(Invite.token_hash == digest, *_usable(now))
            .values(uses_left=Invite.uses_left - 1)
            .returning(Invite.id)
            .execution_options(synchronize_session=False)
        )
        claimed = await session.scalar(claim)
        if claimed is not None:
            invite = await session.get(Invite, claimed, populate_existing=True)
            assert invite is not None
            known = await directory.by_telegram_id(session, telegram_user_id)
            groups = (
                await session.scalars(select(Group).where(Group.id.in_(invite.group_ids)))
            ).all()
            member = await directory.register(
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
            asked = Role(invite.role) if known and known.role != invite.role else None
            audit.record(
                session,
                now,
                "invite.redeemed",
                actor_member_id=member.id,
                subject=("invite", invite.id),
                role_asked=asked,
            )
    if claimed is None:
        reason, invite_id = await _why_refused(session, digest, now)
        audit.record(
            session,
            now,
            "invite.refused",
            actor_telegram_id=telegram_user_id,
            subject=("invite", invite_id) if invite_id else None,
            reason=reason,
        )
        raise InviteRefused(reason)
    return Redeemed(member, asked)


async def open_invites(session: AsyncSession, now: datetime) -> list[Invite]:
    """Invites that can still be used, newest first."""
    query = select(Invite).where(*_usable(now)).order_by(Invite.id.desc())
    return list((await session.scalars(query)).all())


async def revoke(
    session: AsyncSession, now: datetime, invite_id: int, actor: Member | None
) -> Invite | None:
    """Revoke an invite (audited); None when there is no such invite or it is revoked."""
    invite = await session.get(Invite, invite_id)
    if invite is None or invite.revoked_at is not None:
        return None
    invite.revoked_at = now
    audit.record(
        session,
        now,
        "invite.revoked",
        actor_member_id=actor.id if actor else None,
        subject=("invite", invite.id),
    )
    return invite

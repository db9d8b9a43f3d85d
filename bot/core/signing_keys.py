"""Ura's button-signing keys: made at first start, rotated on request, kept in the database.

``URA_SECRET_KEY``, when set, signs instead of the database key (rotate it by changing the
setting). ``rotate`` retires the current key and makes a new one; the retired key is still
accepted for ``URA_SIGNING_KEY_GRACE``, so buttons already in chats keep working.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import audit
from config.settings import Settings
from storage.keys import SigningKey


@dataclass(frozen=True)
class Keys:
    current: bytes
    previous: list[tuple[bytes, datetime]]  # (secret, accepted until)


def _new_key(now: datetime) -> SigningKey:
    secret = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return SigningKey(secret=secret, created_at=now)


async def load(session: AsyncSession, now: datetime, settings: Settings) -> Keys:
    """The keys to sign and verify with; the first call on a new database makes one."""
    if settings.secret_key is not None:
        return Keys(settings.secret_key.get_secret_value().encode(), [])
    rows = list((await session.scalars(select(SigningKey).order_by(SigningKey.id.desc()))).all())
    live = [r for r in rows if r.retired_at is None]
    if not live:
        key = _new_key(now)
        session.add(key)
        await session.flush()
        live = [key]
    grace = settings.signing_key_grace
    # Two processes starting at once may each make a key: every unretired one is accepted.
    previous = [(r.secret.encode(), r.retired_at + grace) for r in rows if r.retired_at]
    previous = [(s, until) for s, until in previous if until > now]
    previous += [(r.secret.encode(), datetime.max.replace(tzinfo=now.tzinfo)) for r in live[1:]]
    return Keys(live[0].secret.encode(), previous)


async def rotate(session: AsyncSession, now: datetime, actor_member_id: int | None) -> SigningKey:
    """Retire every current key and start a new one (audited); returns the new key."""
    for row in await session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
        row.retired_at = now
    key = _new_key(now)
    session.add(key)
    await session.flush()
    audit.record(session, now, "keys.rotated", actor_member_id=actor_member_id, key_id=key.id)
    return key

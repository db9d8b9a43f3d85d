"""What the gate remembers about a person between updates (all else it keeps in memory)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class PrivateHint(Base):
    """A member was told (once) that Ura's commands work in the private chat, not a group."""

    __tablename__ = "private_hints"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    told_at: Mapped[datetime]

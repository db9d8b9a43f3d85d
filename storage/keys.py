"""The keys that sign Ura's buttons, kept in the database so a token change breaks nothing.

The newest key that is not retired signs; a retired key is still accepted until its grace
period ends (``URA_SIGNING_KEY_GRACE`` after ``retired_at``), so buttons already sent keep
working through a rotation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class SigningKey(Base):
    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))  # 32 random bytes, URL-safe base64
    created_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]

"""Signed button payloads: a press can't be forged, nor replayed by another person.

Data is ``action:arg:signature`` where the signature binds action and argument to the chat
the button was sent to, so a copied payload pressed by someone else fails verification.

The key is Ura's own (random, kept in the database, or ``URA_SECRET_KEY``), never the bot
token: a new token breaks no button, and the token alone forges none. After a rotation the
previous key is still accepted until its grace period ends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

MAX_BYTES = 64
_SIG_LEN = 10


@dataclass(frozen=True)
class Press:
    action: str
    arg: str


def _derive(secret: bytes) -> bytes:
    return hashlib.sha256(b"ura-callback:" + secret).digest()


class CallbackSigner:
    """Signs with the current key; verifies with it and with previous keys still in grace."""

    def __init__(self, secret: bytes) -> None:
        self._key = _derive(secret)
        self._previous: list[tuple[bytes, datetime]] = []
        self._loaded_at: datetime | None = None

    def use(
        self,
        current: bytes,
        previous: Sequence[tuple[bytes, datetime]] = (),
        loaded_at: datetime | None = None,
    ) -> None:
        """Switch keys: `previous` are (secret, accepted until) pairs."""
        self._key = _derive(current)
        self._previous = [(_derive(secret), until) for secret, until in previous]
        self._loaded_at = loaded_at

    def loaded_before(self, moment: datetime) -> bool:
        return self._loaded_at is None or self._loaded_at < moment

    @staticmethod
    def _sig(key: bytes, action: str, arg: str, chat_id: int) -> str:
        mac = hmac.new(key, f"{action}:{arg}:{chat_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode()[:_SIG_LEN]

    def sign(self, action: str, arg: str, chat_id: int) -> str:
        if ":" in action or ":" in arg:
            raise ValueError("':' is reserved in callback payloads")
        data = f"{action}:{arg}:{self._sig(self._key, action, arg, chat_id)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback payload over {MAX_BYTES} bytes: {action}:{arg}")
        return data

    def verify(self, data: str | None, chat_id: int, now: datetime | None = None) -> Press | None:
        """The press, if this payload was made by Ura for this chat; otherwise None.

        Without `now`, previous keys are not accepted at all."""
        # Ura's payloads are ASCII; anything else is not ours (and compare_digest would raise).
        if not data or not data.isascii() or len(data) > MAX_BYTES:
            return None
        parts = data.split(":")
        if len(parts) != 3:
            return None
        action, arg, sig = parts
        keys = [self._key]
        if now is not None:
            keys += [key for key, until in self._previous if now < until]
        for key in keys:
            if hmac.compare_digest(sig, self._sig(key, action, arg, chat_id)):
                return Press(action, arg)
        return None

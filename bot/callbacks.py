"""Signed button payloads: a press can't be forged, nor replayed by another person.

Data is ``action:arg:signature`` where the signature binds action and argument to the chat
the button was sent to, so a copied payload pressed by someone else fails verification.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

MAX_BYTES = 64
_SIG_LEN = 10


@dataclass(frozen=True)
class Press:
    action: str
    arg: str


class CallbackSigner:
    def __init__(self, secret: bytes) -> None:
        self._key = hashlib.sha256(b"ura-callback:" + secret).digest()

    def _sig(self, action: str, arg: str, chat_id: int) -> str:
        mac = hmac.new(self._key, f"{action}:{arg}:{chat_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode()[:_SIG_LEN]

    def sign(self, action: str, arg: str, chat_id: int) -> str:
        if ":" in action or ":" in arg:
            raise ValueError("':' is reserved in callback payloads")
        data = f"{action}:{arg}:{self._sig(action, arg, chat_id)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback payload over {MAX_BYTES} bytes: {action}:{arg}")
        return data

    def verify(self, data: str | None, chat_id: int) -> Press | None:
        """The press, if this payload was made by Ura for this chat; otherwise None."""
        if not data or len(data.encode()) > MAX_BYTES:
            return None
        parts = data.split(":")
        if len(parts) != 3:
            return None
        action, arg, sig = parts
        if not hmac.compare_digest(sig, self._sig(action, arg, chat_id)):
            return None
        return Press(action, arg)

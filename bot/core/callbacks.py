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
import re
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, get_type_hints

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


# --- Typed payloads -------------------------------------------------------------------------
# A button's action is a class, and its argument the class's fields, joined by "." in field
# order (the last text field takes the rest, so a flow's value may itself hold a dot). One
# registry builds and parses them all, as aiogram's CallbackData does; signing stays above.
# The wire format is the one Ura has always sent, so buttons already on phones keep working.

P = TypeVar("P", bound="Payload")
_MAX_DIGITS = 18  # a record id: within PostgreSQL's bigint, and nothing a person could type
_REGISTRY: dict[str, type[Payload]] = {}


@dataclass(frozen=True)
class Payload:
    """Subclass as a frozen dataclass with `code` set; fields are int, str or a StrEnum."""

    code: ClassVar[str] = ""

    def __init_subclass__(cls, code: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not code:
            raise TypeError(f"{cls.__name__}: a payload needs its code")
        if ":" in code or code in _REGISTRY:
            raise ValueError(f"payload code {code!r} is reserved or taken")
        cls.code = code
        _REGISTRY[code] = cls

    @property
    def arg(self) -> str:
        """The fields joined by "."; a trailing optional text left empty is left out ("r3.10b",
        not "r3.10b."), and `parse` gives it back as its default."""
        spec = list(fields(self))
        while spec and spec[-1].default == "" and getattr(self, spec[-1].name) == "":
            spec.pop()
        parts = [str(getattr(self, f.name)) for f in spec]
        for part in parts[:-1]:
            if "." in part:
                raise ValueError(f"{self.code}: only the last field may hold a '.'")
        return ".".join(parts)

    @classmethod
    def parse(cls: type[P], arg: str) -> P | None:
        """The payload this argument spells, or None: a malformed argument is nobody's."""
        spec = fields(cls)
        parts = arg.split(".", len(spec) - 1) if spec else ([] if arg == "" else [arg])
        required = [f for f in spec if f.default is MISSING]
        if not len(required) <= len(parts) <= len(spec):
            return None
        hints = get_type_hints(cls)
        values: dict[str, Any] = {}
        for f, raw in zip(spec, parts, strict=False):
            value = _load(hints[f.name], raw)
            if value is None:
                return None
            values[f.name] = value
        return cls(**values)

    @classmethod
    def pattern(cls) -> str:
        """The regular expression a handler registers for this payload's presses."""
        return f"^{re.escape(cls.code)}:"


def _load(kind: Any, raw: str) -> Any:
    if kind is int:
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= _MAX_DIGITS else None
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return kind(raw) if raw in kind._value2member_map_ else None
    if kind is str:
        return raw
    raise TypeError(f"payload fields are int, str or StrEnum, not {kind!r}")


def payload_of(press: Press) -> Payload | None:
    """A verified press as its typed payload (None for an action no feature registered)."""
    kind = _REGISTRY.get(press.action)
    return kind.parse(press.arg) if kind is not None else None

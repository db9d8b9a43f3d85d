"""Normalising what people type: names with or without ë/ç, free text within limits."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # all but tab and line feed
_SPACES = re.compile(r"[ \t]+")
# Characters that show nothing: a text made only of these (and spaces) is empty.
_INVISIBLE = frozenset("\u2800\u3164\u115f\u1160\uffa0")


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Durrës', 'DURRES' and 'durres' are one place."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def blank(text: str) -> bool:
    """Whether a text shows nothing: only spaces, zero-width and other invisible characters."""
    return all(
        c.isspace() or c in _INVISIBLE or unicodedata.category(c) in ("Cf", "Cc", "Zs")
        for c in text
    )


def too_long(text: str, max_len: int) -> bool:
    """Whether a text, as it would be stored, is over max_len (to say so, not "empty")."""
    return len(_CONTROL_KEEP_LINES.sub("", text.replace("\r\n", "\n")).strip()) > max_len


def clean_text(text: str, max_len: int) -> str | None:
    """Free text over several lines: control characters go, line breaks and spacing stay;
    None when it is empty or longer than max_len."""
    value = _CONTROL_KEEP_LINES.sub("", text.replace("\r\n", "\n")).strip()
    return value if value and not blank(value) and len(value) <= max_len else None


def clean_line(text: str, max_len: int) -> str | None:
    """One line of free text, or None when it is empty or longer than max_len."""
    value = _SPACES.sub(" ", _CONTROL.sub("", text).replace("\n", " ")).strip()
    if not value or blank(value) or len(value) > max_len:
        return None
    return value


def fit(text: str, max_len: int) -> str:
    """One line that fits a column: spacing tidied, and shortened with "…" when too long,
    so a long Telegram name never fails a transaction."""
    value = _SPACES.sub(" ", _CONTROL.sub("", text).replace("\n", " ")).strip()
    return value if len(value) <= max_len else value[: max_len - 1].rstrip() + "…"


QUOTE_LIMIT = 100


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """What someone typed, for echoing back: at most `limit` characters (then "…"), on one
    line, so no reply repeating user input can grow past what Telegram takes."""
    value = clean_line(text, len(text) + 1) or ""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"

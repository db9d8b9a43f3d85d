"""Normalising what people type: names with or without ë/ç, free text within limits."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # all but tab and line feed
_SPACES = re.compile(r"[ \t]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Durrës', 'DURRES' and 'durres' are one place."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def clean_text(text: str, max_len: int) -> str | None:
    """Free text over several lines: control characters go, line breaks and spacing stay;
    None when it is empty or longer than max_len."""
    value = _CONTROL_KEEP_LINES.sub("", text.replace("\r\n", "\n")).strip()
    return value if value and len(value) <= max_len else None


def clean_line(text: str, max_len: int) -> str | None:
    """One line of free text, or None when it is empty or longer than max_len."""
    value = _SPACES.sub(" ", _CONTROL.sub("", text).replace("\n", " ")).strip()
    if not value or len(value) > max_len:
        return None
    return value


def fit(text: str, max_len: int) -> str:
    """One line that fits a column: spacing tidied, and shortened with "…" when too long,
    so a long Telegram name never fails a transaction."""
    value = _SPACES.sub(" ", _CONTROL.sub("", text).replace("\n", " ")).strip()
    return value if len(value) <= max_len else value[: max_len - 1].rstrip() + "…"

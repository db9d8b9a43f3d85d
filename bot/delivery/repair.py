"""Repairs for messages Telegram refuses: markup it can't parse, text that is too long.

Nothing a person wrote is dropped: broken markup becomes plain text, long text is split.
"""

from __future__ import annotations

import html
import re
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^>]*>")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_to_plain(text: str) -> str:
    """What the reader would have seen, without markup: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def split_plain(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split on line breaks, then spaces, then anywhere, each part within `limit` UTF-16 units."""
    parts: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        cut = _fit(rest, limit)
        window = rest[:cut]
        for sep in ("\n", " "):
            at = window.rfind(sep)
            if at > cut // 2:
                cut = at + 1
                break
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:]
    parts.append(rest)
    return [p for p in parts if p.strip()] or [text[:1] or " "]


def _fit(text: str, limit: int) -> int:
    """The longest prefix length (in code points) within `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    """For edits, which can't be split: keep the start and mark the cut."""
    if utf16_len(text) <= limit:
        return text
    return text[: _fit(text, limit - 1)] + "…"


Payload = dict[str, Any]


def repaired(kind: str, payload: Payload, problem: str) -> tuple[Payload, list[Payload]] | None:
    """What to send instead of a refused message, and the parts that follow it; None when
    nothing can be repaired. Markup Telegram can't parse becomes plain text; text too long is
    split (an edit, which can't be split, is shortened; a file's long caption follows it)."""
    text = str(payload.get("text") or "")
    html = bool(payload.get("parse_mode"))
    if problem == "unparsable":
        return ({**payload, "text": html_to_plain(text), "parse_mode": None}, []) if html else None
    if problem != "too_long":
        return None
    plain = html_to_plain(text) if html else text
    if kind == "edit":
        return {**payload, "text": shorten(plain), "parse_mode": None}, []
    if kind in ("document", "photo"):
        bare = {k: v for k, v in payload.items() if k not in ("text", "parse_mode")}
        return bare, [{"text": part, "parse_mode": None} for part in split_plain(plain)]
    first, *rest = split_plain(plain)
    head: Payload = {"text": first, "parse_mode": None}
    parts: list[Payload] = [{"text": part, "parse_mode": None} for part in rest]
    if payload.get("buttons"):
        (parts[-1] if parts else head)["buttons"] = payload["buttons"]
    return head, parts

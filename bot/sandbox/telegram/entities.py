"""Bot API MessageEntity helpers: UTF-16 lengths, tag-to-entity mapping, trimming, commands."""

from __future__ import annotations

import re
from typing import Any

SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
WHITESPACE = " \t\r\n\v\f\0"
COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def entity_for(
    tag: str, argument: str, offset: int, length: int, inner: bytes
) -> dict[str, Any] | None:
    """The Bot API entity for a closed tag (None when Telegram would drop it)."""
    entity: dict[str, Any] = {"offset": offset, "length": length}
    if tag in SIMPLE:
        entity["type"] = SIMPLE[tag]
    elif tag == "a":
        url = argument or inner.decode("utf-8", "replace")
        if url.startswith("tg://user?id="):
            return None
        entity.update(type="text_link", url=url)
    elif tag == "tg-emoji":
        entity.update(type="custom_emoji", custom_emoji_id=argument)
    elif tag == "blockquote":
        entity["type"] = "expandable_blockquote" if argument else "blockquote"
    elif tag == "pre":
        entity["type"] = "pre"
    else:
        entity["type"] = "code"
        if argument:
            entity["language"] = argument
    return entity


def merge_pre_code(entities: list[dict[str, Any]], entity: dict[str, Any]) -> bool:
    """Fold ``<pre><code class="language-x">`` (either nesting) into one pre entity."""
    if not entities or {entities[-1]["type"], entity["type"]} != {"pre", "code"}:
        return False
    last = entities[-1]
    if (last["offset"], last["length"]) != (entity["offset"], entity["length"]):
        return False
    language = last.get("language") or entity.get("language")
    if not language:
        return False
    entities[-1] = {**entity, "type": "pre", "language": language}
    return True


def trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip leading/trailing whitespace as Telegram does, shifting/clipping entities."""
    stripped = text.lstrip(WHITESPACE)
    shift = utf16_len(text) - utf16_len(stripped)
    stripped = stripped.rstrip(WHITESPACE)
    total = utf16_len(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities, as Telegram computes them for incoming text."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in COMMAND_RE.finditer(text)
    ]

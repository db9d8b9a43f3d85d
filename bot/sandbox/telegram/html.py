"""Telegram's HTML parse mode, modelled on tdlib's ``parse_html``.

Works byte-wise on the UTF-8 text (error offsets are byte offsets, as Telegram reports them)
and produces the plain text plus Bot API ``MessageEntity`` dicts with UTF-16 offsets.
Deliberate difference from tdlib: an unknown named entity written as ``&name;`` is an error
(tdlib keeps it as literal text); a lone ``&`` is a literal, as in Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .entities import entity_for, merge_pre_code

TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler"}
    | {"tg-emoji", "pre", "code", "blockquote"}
)
NAMED = {b"lt": 0x3C, b"gt": 0x3E, b"amp": 0x26, b"quot": 0x22}


class HtmlParseError(ValueError):
    """Raised with tdlib's reason text (without the ``can't parse entities:`` prefix)."""


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int
    out_pos: int


def _is_space(c: int) -> bool:
    return c in (0x20, 0x09, 0x0D, 0x0A, 0x00, 0x0B, 0x0C)


def _decode_entity(raw: bytes, pos: int) -> tuple[int, int] | None:
    """Decode an entity at ``raw[pos] == '&'``: (code point, next position) or None."""

    def at(i: int) -> int:
        return raw[i] if i < len(raw) else 0

    end = pos + 1
    value = 0
    if at(end) == ord("#"):
        end += 1
        base, digits = (10, b"0123456789")
        if at(end) == ord("x"):
            end += 1
            base, digits = (16, b"0123456789abcdefABCDEF")
        start = end
        while at(end) and at(end) in digits:
            end += 1
        if end == start or end - pos >= 10:
            return None
        value = int(raw[start:end], base)
        if value == 0 or value >= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        name = raw[pos + 1 : end]
        if name not in NAMED:
            if name and at(end) == ord(";"):
                entity = name.decode()
                raise HtmlParseError(f'Unsupported HTML entity "&{entity};" at byte offset {pos}')
            return None
        value = NAMED[name]
    return value, end + 1 if at(end) == ord(";") else end


def _parse_attributes(raw: bytes, i: int, tag: str, begin: int) -> tuple[str, int]:
    """Parse attributes of a start tag; returns (argument, position of the closing '>')."""

    def at(k: int) -> int:
        return raw[k] if k < len(raw) else 0

    argument = ""
    while at(i) != ord(">"):
        while at(i) and _is_space(at(i)):
            i += 1
        if at(i) == ord(">"):
            break
        name_start = i
        while not _is_space(at(i)) and at(i) not in (ord("="), ord(">")):
            i += 1
        name = raw[name_start:i].decode("utf-8", "replace")
        if not name:
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while at(i) and _is_space(at(i)):
            i += 1
        if at(i) != ord("="):
            if tag == "blockquote" and name == "expandable":
                argument = "1"
                continue
            raise HtmlParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {begin}'
            )
        i += 1
        while at(i) and _is_space(at(i)):
            i += 1
        if at(i) == 0:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        value = bytearray()
        if at(i) not in (ord("'"), ord('"')):
            token_start = i
            while at(i) and (chr(at(i)).isalnum() and at(i) < 128 or at(i) in b".-"):
                i += 1
            value += raw[token_start:i].lower()
            if not _is_space(at(i)) and at(i) != ord(">"):
                raise HtmlParseError(f"Unexpected end of name token at byte offset {token_start}")
        else:
            quote = at(i)
            i += 1
            while at(i) != quote and at(i) != 0:
                decoded = _decode_entity(raw, i) if at(i) == ord("&") else None
                if decoded:
                    value += chr(decoded[0]).encode()
                    i = decoded[1]
                    continue
                value.append(at(i))
                i += 1
            if at(i) == quote:
                i += 1
        if at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        text = value.decode("utf-8", "replace")
        if tag == "a" and name == "href":
            argument = text
        elif tag == "code" and name == "class" and text.startswith("language-"):
            argument = text[9:]
        elif tag == "span" and name == "class" and text.startswith("tg-"):
            argument = text[3:]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = text
    return argument, i


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities); raises HtmlParseError."""
    raw = source.encode("utf-8", "surrogatepass")
    n = len(raw)

    def at(k: int) -> int:
        return raw[k] if k < n else 0

    out = bytearray()
    utf16 = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < n:
        c = raw[i]
        if c == ord("&"):
            decoded = _decode_entity(raw, i)
            if decoded:
                utf16 += 2 if decoded[0] > 0xFFFF else 1
                out += chr(decoded[0]).encode()
                i = decoded[1]
                continue
        if c != ord("<"):
            if c & 0xC0 != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue
        begin = i
        i += 1
        if at(i) != ord("/"):
            while not _is_space(at(i)) and at(i) != ord(">"):
                i += 1
            if at(i) == 0:
                raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
            tag = raw[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in TAGS:
                raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument, i = _parse_attributes(raw, i, tag, begin)
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            if tag == "tg-emoji" and not argument.isdigit():
                raise HtmlParseError(f"Invalid custom emoji identifier at byte offset {begin}")
            stack.append(_Open(tag, argument, utf16, len(out)))
            i += 1
            continue
        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        while not _is_space(at(i)) and at(i) != ord(">"):
            i += 1
        end_name = raw[begin + 2 : i].decode("utf-8", "replace")
        while at(i) and _is_space(at(i)):
            i += 1
        if at(i) != ord(">"):
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        item = stack.pop()
        if end_name and end_name != item.tag:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{item.tag}>", '
                f'found "</{end_name}>"'
            )
        if utf16 > item.offset:
            entity = entity_for(
                item.tag,
                item.argument,
                item.offset,
                utf16 - item.offset,
                bytes(out[item.out_pos :]),
            )
            if entity and merge_pre_code(entities, entity):
                entity = None
            if entity:
                entities.append(entity)
        i += 1
    if stack:
        tag = stack[-1].tag
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return out.decode("utf-8", "replace"), entities

"""One parser per kind of value people type: a record number, a day, a range of days, a
duration. Each has bounds, so nothing a person types can overflow a column, a date or Python's
integer conversion: ids fit a 32-bit INTEGER column, days lie within 2000–2100, durations
within a week unless the caller allows less. A parser returns None for anything it refuses;
the caller answers with the message that shows a valid example (``input.example.*``).

Only ASCII digits count: ``str.isdigit()`` accepts "²" and "٣", ``int()`` does not take all
of them, and a person who types them did not mean a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_ID = 2**31 - 1  # the INTEGER columns of SQLite and PostgreSQL alike
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_DURATION = timedelta(days=7)

_ID = re.compile(r"#?([0-9]{1,10})", re.ASCII)
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_DOTTED = re.compile(r"([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})", re.ASCII)
_DURATION_PART = re.compile(r"([0-9]{1,6})([smhdw])", re.ASCII)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def record_id(text: str) -> int | None:
    """A member, meeting or alert number as typed ("12" or "#12"), within the column's range."""
    found = _ID.fullmatch(text.strip())
    if found is None:
        return None
    value = int(found.group(1))
    return value if 1 <= value <= MAX_ID else None


def day(text: str) -> date | None:
    """A calendar day written 2026-12-03, 3.12.2026 or 3/12/2026, in 2000–2100."""
    token = text.strip()
    try:
        if found := _ISO.fullmatch(token):
            year, month, dom = (int(g) for g in found.groups())
        elif found := _DOTTED.fullmatch(token):
            dom, month, year = (int(g) for g in found.groups())
        else:
            return None
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return date(year, month, dom)
    except ValueError:  # 31.02.2026 and the like
        return None


def looks_like_day(text: str) -> bool:
    """Written like a day, whether or not it is a possible one (9999-12-31, 31.02.2026)."""
    token = text.strip()
    return bool(_ISO.fullmatch(token) or _DOTTED.fullmatch(token))


@dataclass(frozen=True)
class DayRange:
    """The days found among some words (at most two, in order) and the other words."""

    days: list[date] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)
    refused: str | None = None  # "bad_day" (impossible or out of bounds) or "too_many_days"


def day_range(words: Sequence[str]) -> DayRange:
    """Up to two days (from, to) among the words; a third, or an impossible day, is refused
    rather than silently taken for a word."""
    days: list[date] = []
    rest: list[str] = []
    for word in words:
        if not looks_like_day(word):
            rest.append(word)
            continue
        found = day(word)
        if found is None:
            return DayRange(refused="bad_day")
        if len(days) == 2:
            return DayRange(refused="too_many_days")
        days.append(found)
    return DayRange(sorted(days), rest)


def duration(text: str, longest: timedelta = MAX_DURATION) -> timedelta | None:
    """A duration like 15m, 24h, 1h30m or 2d: longer than zero, at most `longest`."""
    value = text.strip().lower().replace(" ", "")
    if not value or len(value) > 40 or _DURATION_PART.sub("", value):
        return None
    seconds = sum(int(n) * _UNITS[unit] for n, unit in _DURATION_PART.findall(value))
    if seconds <= 0 or seconds > longest.total_seconds():
        return None
    return timedelta(seconds=seconds)

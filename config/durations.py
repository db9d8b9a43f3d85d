"""Durations as people write them in settings: 15m, 24h, 1h30m, 2d, 90s."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    value = text.strip().lower().replace(" ", "")
    if not value or _PART.sub("", value):
        raise ValueError(f"{text!r} is not a duration like 15m, 24h, 1h30m or 2d")
    seconds = sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(value))
    if seconds <= 0:
        raise ValueError(f"{text!r} must be longer than zero")
    return timedelta(seconds=seconds)

"""Quick date buttons beside a typed date: tomorrow, the day after, in a week (two weeks).

Each button answers the flow with a value the typed-date reader accepts ("2026-12-03 10.00",
"2026-12-03"), so a press and a typed answer go the same way; no ':' (reserved in payloads).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator

MOMENT_DAYS = (("tomorrow", 1), ("day_after", 2), ("week", 7))
DAY_DAYS = (("tomorrow", 1), ("week", 7), ("two_weeks", 14))
HOUR = 10  # a working morning, the usual start of a roundtable


def quick_moments(t: Translator, lang: str, now: datetime, zone: ZoneInfo) -> list[tuple[str, str]]:
    today = now.astimezone(zone).date()
    found = []
    for name, days in MOMENT_DAYS:
        day = today + timedelta(days=days)
        label = t(lang, f"quick.{name}", date=day.strftime("%d.%m"))
        found.append((f"{day.isoformat()} {HOUR:02d}.00", f"{label} {HOUR:02d}:00"))
    return found


def quick_days(t: Translator, lang: str, now: datetime, zone: ZoneInfo) -> list[tuple[str, str]]:
    today = now.astimezone(zone).date()
    found = []
    for name, days in DAY_DAYS:
        day = today + timedelta(days=days)
        found.append((day.isoformat(), str(t(lang, f"quick.{name}", date=day.strftime("%d.%m")))))
    return found

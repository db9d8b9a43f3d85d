"""Reading meeting times as people type them, in the configured zone (Europe/Tirane).

Accepted: "2026-12-03 10:00", "3.12.2026 10:00", "nesër 10:00" / "tomorrow 10:00",
"sot 16:30" / "today 16:30"; dates alone (for due dates) in the same forms. The result is
UTC; a refusal is a catalog key suffix ("unparsable" or "past") the handler turns into a
message with an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core import parse
from bot.core.text import fold

_CLOCK = re.compile(r"^([0-9]{1,2})[:.]([0-9]{2})$", re.ASCII)
_RELATIVE = {"sot": 0, "today": 0, "neser": 1, "tomorrow": 1, "pasneser": 2}


@dataclass(frozen=True)
class Refused:
    reason: str  # "unparsable" | "past"


def _day(word: str, today: date) -> date | None:
    relative = _RELATIVE.get(fold(word).replace(" ", ""))
    if relative is not None:
        return today + timedelta(days=relative)
    return parse.day(word)  # within 2000–2100, so every later conversion stays in range


def _clock(word: str) -> time | None:
    found = _CLOCK.match(word)
    if found is None:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _local_to_utc(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def parse_moment(text: str, now: datetime, zone: ZoneInfo) -> datetime | Refused:
    """A date and a time of day, in the future; returned in UTC."""
    # "nesër në ora 10:00" / "tomorrow at 10:00": the little words carry no information
    words = [w for w in text.replace(",", " ").split() if fold(w) not in ("ne", "ora", "at")]
    if len(words) != 2:
        return Refused("unparsable")
    today = now.astimezone(zone).date()
    day, clock = _day(words[0], today), _clock(words[1])
    if day is None or clock is None:
        return Refused("unparsable")
    moment = _local_to_utc(day, clock, zone)
    return moment if moment > now else Refused("past")


def parse_day(text: str, now: datetime, zone: ZoneInfo) -> date | Refused:
    """A calendar day, today or later (a follow-up action's due date)."""
    words = text.split()
    today = now.astimezone(zone).date()
    day = _day(words[0], today) if len(words) == 1 else None
    if day is None:
        return Refused("unparsable")
    return day if day >= today else Refused("past")


def day_start(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """The moment (UTC) of `hour` o'clock local time on a day: when a due reminder goes out."""
    return _local_to_utc(day, time(hour, 0), zone)


# --- On screen: the one way Ura writes a moment (UTC in the database, Europe/Tirane here) ---
MOMENT = "%d.%m.%Y %H:%M"
DAY = "%d.%m.%Y"
SHORT = "%d.%m %H:%M"


def format_moment(moment: datetime, zone: ZoneInfo) -> str:
    """ "03.12.2026 10:00": a meeting's start, a deadline, when something happened."""
    return moment.astimezone(zone).strftime(MOMENT)


def format_day(moment: datetime | date, zone: ZoneInfo) -> str:
    """ "03.12.2026": a due date, an answer's day."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(zone).date()
    return moment.strftime(DAY)


def format_short(moment: datetime, zone: ZoneInfo) -> str:
    """ "03.12 10:00": within a list where the year is plain (history, shifts)."""
    return moment.astimezone(zone).strftime(SHORT)

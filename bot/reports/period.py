"""Reading a report period as people type it: 2026-11, 2026-Q4, 2026, or two dates.

Two dates may be written 2026-11-01 2026-11-15 or 01.11.2026 15.11.2026 (the last day is
included). Nothing typed means this month, in the configured zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.parse import day as parse_day
from bot.reports.model import Period, PeriodKind

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
YEAR = re.compile(r"^(\d{4})$")
EARLIEST_YEAR = 2000


class BadPeriod(ValueError):
    """The text is not a period Ura understands."""


def month(year: int, number: int) -> Period:
    first = date(year, number, 1)
    return Period(first, next_month(first) - timedelta(days=1), PeriodKind.MONTH)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def previous_month(day: date) -> Period:
    first = day.replace(day=1) - timedelta(days=1)
    return month(first.year, first.month)


def this_month(now: datetime, zone: ZoneInfo) -> Period:
    local = now.astimezone(zone).date()
    return month(local.year, local.month)


def _day(text: str) -> date:
    found = parse_day(text)
    if found is None:
        raise BadPeriod(text)
    return found


def _year(text: str) -> int:
    year = int(text)
    if year < EARLIEST_YEAR or year > 2100:
        raise BadPeriod(text)
    return year


def parse(text: str, now: datetime, zone: ZoneInfo) -> Period:
    """The period in text; BadPeriod when it is none of the accepted forms."""
    parts = text.replace("..", " ").split()
    if not parts:
        return this_month(now, zone)
    if len(parts) == 2:
        first, last = _day(parts[0]), _day(parts[1])
        if last < first:
            raise BadPeriod(text)
        return Period(first, last, PeriodKind.RANGE)
    if len(parts) != 1:
        raise BadPeriod(text)
    word = parts[0]
    if found := MONTH.match(word):
        number = int(found[2])
        if not 1 <= number <= 12:
            raise BadPeriod(text)
        return month(_year(found[1]), number)
    if found := QUARTER.match(word):
        year, quarter = _year(found[1]), int(found[2])
        first = date(year, 3 * quarter - 2, 1)
        last = month(year, 3 * quarter).last
        return Period(first, last, PeriodKind.QUARTER)
    if found := YEAR.match(word):
        year = _year(found[1])
        return Period(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)
    raise BadPeriod(text)

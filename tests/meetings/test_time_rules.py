"""Meeting times as people type them: each accepted form, and each refusal."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.local_time import Refused, day_start, parse_day, parse_moment

TIRANE = ZoneInfo("Europe/Tirane")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 10:00 in Tirana (CET, UTC+1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-03 10:00", datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
        ("3.12.2026 10:00", datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
        ("03.12.2026 10.30", datetime(2026, 12, 3, 9, 30, tzinfo=UTC)),
        ("3/12/2026 10:00", datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
        ("nesër 10:00", datetime(2026, 11, 24, 9, 0, tzinfo=UTC)),
        ("neser 10:00", datetime(2026, 11, 24, 9, 0, tzinfo=UTC)),
        ("Nesër në ora 10:00", datetime(2026, 11, 24, 9, 0, tzinfo=UTC)),
        ("tomorrow 10:00", datetime(2026, 11, 24, 9, 0, tzinfo=UTC)),
        ("Tomorrow at 8:15", datetime(2026, 11, 24, 7, 15, tzinfo=UTC)),
        ("sot 16:30", datetime(2026, 11, 23, 15, 30, tzinfo=UTC)),
        ("today 16:30", datetime(2026, 11, 23, 15, 30, tzinfo=UTC)),
    ],
)
def test_accepted_forms_are_read_in_tirana_time(typed: str, expected: datetime) -> None:
    assert parse_moment(typed, NOW, TIRANE) == expected


def test_summer_time_is_honoured() -> None:
    assert parse_moment("2027-07-01 10:00", NOW, TIRANE) == datetime(2027, 7, 1, 8, tzinfo=UTC)


def test_tomorrow_is_tomorrow_in_tirana_not_in_utc() -> None:
    late_evening = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already 24th, 00:30 in Tirana
    assert parse_moment("nesër 10:00", late_evening, TIRANE) == datetime(
        2026, 11, 25, 9, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "next week",
        "3.12.2026",
        "10:00",
        "31.02.2026 10:00",
        "2026-13-01 10:00",
        "3.12.2026 25:00",
        "3.12.2026 10:61",
        "3.12.26 10:00",
        "nesër pasdite",
        "2026-12-03 10:00 extra",
    ],
)
def test_unparsable_times_are_refused(typed: str) -> None:
    assert parse_moment(typed, NOW, TIRANE) == Refused("unparsable")


@pytest.mark.parametrize("typed", ["2026-11-22 10:00", "sot 09:00", "23.11.2026 10:00"])
def test_times_in_the_past_are_refused(typed: str) -> None:
    assert parse_moment(typed, NOW, TIRANE) == Refused("past")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-10", date(2026, 12, 10)),
        ("10.12.2026", date(2026, 12, 10)),
        ("nesër", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 24)),
        ("sot", date(2026, 11, 23)),
    ],
)
def test_due_dates(typed: str, expected: date) -> None:
    assert parse_day(typed, NOW, TIRANE) == expected


@pytest.mark.parametrize(("typed", "reason"), [("22.11.2026", "past"), ("soon", "unparsable")])
def test_due_date_refusals(typed: str, reason: str) -> None:
    assert parse_day(typed, NOW, TIRANE) == Refused(reason)


def test_a_due_reminder_goes_out_at_nine_local() -> None:
    assert day_start(date(2026, 12, 10), 9, TIRANE) == datetime(2026, 12, 10, 8, tzinfo=UTC)

"""The one parser per kind of value, against a table of hostile values: each is refused (None)
or read within its bounds, and none raises."""

from datetime import date, timedelta

import pytest

from bot.core import parse
from bot.core.text import blank, quote

HOSTILE = [
    "",
    " ",
    "99999999999999999999",
    "9" * 5000,
    "²",
    "١٢",  # Arabic-Indic digits: str.isdigit() says yes
    "-1",
    "0",
    "+5",
    "1e9",
    "0x10",
    "12; DROP TABLE members",
    "#",
    "##12",
    "\u200b12",
    "12\u202e",
    "<b>1</b>",
    "NaN",
    "∞",
    "2147483648",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_record_number_that_is_not_one_is_refused(text: str) -> None:
    assert parse.record_id(text) is None


@pytest.mark.parametrize(
    ("text", "number"), [("12", 12), ("#12", 12), (" 7 ", 7), ("2147483647", 2**31 - 1)]
)
def test_a_record_number_is_read(text: str, number: int) -> None:
    assert parse.record_id(text) == number


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        "9999-12-31",
        "0001-01-01",
        "1999-12-31",
        "2101-01-01",
        "31.02.2026",
        "2026-13-01",
        "00.00.2026",
        "2026-1-1-1",
        "٢٠٢٦-١٢-٠٣",
        "2026/12/03",
        "3.12.26",
    ],
)
def test_a_day_that_is_not_one_is_refused(text: str) -> None:
    assert parse.day(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("3.12.2026", date(2026, 12, 3)),
        ("03/12/2026", date(2026, 12, 3)),
        ("2000-01-01", date(2000, 1, 1)),
        ("31.12.2100", date(2100, 12, 31)),
    ],
)
def test_a_day_is_read(text: str, day: date) -> None:
    assert parse.day(text) == day


def test_a_range_takes_two_days_and_refuses_a_third_or_an_impossible_one() -> None:
    found = parse.day_range(["shelter", "30.11.2026", "2026-11-01", "#vlore"])
    assert found.days == [date(2026, 11, 1), date(2026, 11, 30)]
    assert found.rest == ["shelter", "#vlore"]
    assert found.refused is None
    assert parse.day_range(["1.11.2026", "2.11.2026", "3.11.2026"]).refused == "too_many_days"
    assert parse.day_range(["x", "9999-12-31"]).refused == "bad_day"
    assert parse.day_range(["0001-01-01"]).refused == "bad_day"


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        "99999999999999d",
        "8d",
        "169h",
        "0m",
        "15",
        "m",
        "15x",
        "1h" * 100,
        "-5m",
        "15 m; coordinators",
    ],
)
def test_a_duration_that_is_not_one_is_refused(text: str) -> None:
    assert parse.duration(text) is None


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("15m", timedelta(minutes=15)),
        ("1h30m", timedelta(minutes=90)),
        ("2d", timedelta(days=2)),
        ("7d", timedelta(days=7)),
        ("1w", timedelta(days=7)),
    ],
)
def test_a_duration_is_read_within_a_week(text: str, span: timedelta) -> None:
    assert parse.duration(text) == span
    assert parse.duration("2h", longest=timedelta(hours=1)) is None


@pytest.mark.parametrize(
    "text",
    ["", " \n\t", "\u200b", "\u200b\u200c\u200d\ufeff", "\u2800\u3164", "\u00a0\u3000", "\u202e"],
)
def test_a_text_of_invisible_characters_is_blank(text: str) -> None:
    assert blank(text)


def test_what_someone_typed_is_quoted_short_and_on_one_line() -> None:
    assert quote("Durrës") == "Durrës"
    long = quote("x" * 20000)
    assert len(long) == 100
    assert long.endswith("…")
    assert quote("a\nb\x00c") == "a bc"

"""The one-line form of /alert, in Albanian or English words, with or without accents."""

from datetime import UTC, datetime

import pytest

from bot.alerts.forms import LineError, parse_line
from storage.members import Group

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
REGIONS = [
    Group(id=3, slug="durres", name="Durrës", kind="committee", created_at=NOW),
    Group(id=4, slug="korce", name="Korçë", kind="committee", created_at=NOW),
]


def test_everything_on_one_line() -> None:
    data = parse_line("Durrës fëmijë urgjent Një vajzë\nlyp natën.", REGIONS)
    assert data == {
        "region": "3",  # the id, as the region picker's buttons carry it
        "category": "child_at_risk",
        "urgency": "urgent",
        "description": "Një vajzë\nlyp natën.",
    }
    assert parse_line("korce job normal x", REGIONS)["category"] == "recruitment"


@pytest.mark.parametrize(
    ("line", "wrong"),
    [
        ("Atlantis child urgent x", "region"),
        ("durres dragons urgent x", "category"),
        ("durres child soon x", "urgency"),
        ("durres child urgent", "description"),
        ("durres child urgent \u200b\u200d \u2800 \ufeff", "description"),  # shows nothing
        ("durres child urgent " + "x" * 20001, "too_long"),  # said so, not "missing"
    ],
)
def test_the_first_wrong_part_is_named(line: str, wrong: str) -> None:
    with pytest.raises(LineError) as error:
        parse_line(line, REGIONS)
    assert str(error.value) == wrong

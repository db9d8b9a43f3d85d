"""The one-line form of /alert, in Albanian or English words, with or without accents."""

from datetime import UTC, datetime

import pytest

from bot.services.alert_parse import LineError, parse_line
from storage.members import Group

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
REGIONS = [
    Group(slug="durres", name="Durrës", kind="committee", created_at=NOW),
    Group(slug="korce", name="Korçë", kind="committee", created_at=NOW),
]


def test_everything_on_one_line() -> None:
    data = parse_line("Durrës fëmijë urgjent Një vajzë\nlyp natën.", REGIONS)
    assert data == {
        "region": "durres",
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
    ],
)
def test_the_first_wrong_part_is_named(line: str, wrong: str) -> None:
    with pytest.raises(LineError) as error:
        parse_line(line, REGIONS)
    assert str(error.value) == wrong

"""Rules of monitoring requests on their own: due dates, the shown state, the addressee."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.local_time import Refused
from bot.requests import forms, reading
from bot.requests.model import Address, Shown, Status, Target
from storage.requests import InfoRequest

ZONE = ZoneInfo("Europe/Tirane")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+7", date(2026, 11, 30)),
        ("+14", date(2026, 12, 7)),
        ("+30", date(2026, 12, 23)),
        ("31.12.2026", date(2026, 12, 31)),
        ("2027-01-15", date(2027, 1, 15)),
        ("+8", Refused("unparsable")),  # only the offered spans come as buttons
        ("+²", Refused("unparsable")),
        ("23.11.2026", Refused("past")),  # today is too soon for an institution to answer
        ("01.01.2020", Refused("past")),
        ("nesër nesër", Refused("unparsable")),
        ("9" * 40, Refused("unparsable")),
    ],
)
def test_a_due_date_comes_from_a_button_or_a_typed_day_after_today(
    typed: str, expected: date | Refused
) -> None:
    assert forms.due_day(typed, NOW, ZONE) == expected


def test_the_default_due_date_is_fourteen_days_ahead() -> None:
    assert forms.default_due(NOW, ZONE) == date(2026, 12, 7)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"region": "office"}, Address(Target.OFFICE)),
        ({"region": "4", "sector": "committee"}, Address(Target.COMMITTEE, 4)),
        ({"region": "4", "sector": "police"}, Address(Target.SECTOR, 4, "police")),
    ],
)
def test_the_addressee_follows_the_form(answers: dict[str, str], expected: Address) -> None:
    assert forms.address_of(answers) == expected


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        (Status.OPEN, date(2026, 12, 7), Shown.OPEN),  # on the due date it is still on time
        (Status.OPEN, date(2026, 12, 8), Shown.OVERDUE),
        (Status.ANSWERED, date(2026, 12, 20), Shown.ANSWERED),
        (Status.CLOSED, date(2026, 12, 1), Shown.CLOSED),
    ],
)
def test_a_request_is_overdue_only_after_its_due_date_unanswered(
    status: Status, today: date, expected: Shown
) -> None:
    request = InfoRequest(status=status, due_on=date(2026, 12, 7))
    assert reading.shown(request, today) is expected

"""Who is on duty at an instant: rotations, hand-overs, overrides, and both DST changes of
Europe/Tirane (last Sunday of March 02:00 → 03:00, last Sunday of October 03:00 → 02:00)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.rosters.duty import Cover, Hours, Spec, next_shift, shift_at, shifts, within_hours

TIRANE = ZoneInfo("Europe/Tirane")
ANA, BEN, CIRA = 1, 2, 3


def daily(start: date = date(2026, 3, 27), handover: time = time(8, 0)) -> Spec:
    return Spec((ANA, BEN, CIRA), 1, handover, start, TIRANE)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TIRANE).astimezone(UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("moment", "on_duty"),
    [
        (local(2026, 3, 27, 8, 0), ANA),  # the first hand-over
        (local(2026, 3, 28, 7, 59), ANA),
        (local(2026, 3, 28, 8, 0), BEN),
        (local(2026, 3, 29, 3, 30), BEN),  # the night clocks go forward
        (local(2026, 3, 29, 8, 0), CIRA),
        (local(2026, 3, 30, 8, 0), ANA),  # round again
        (local(2026, 3, 27, 7, 59), None),  # before the rotation began: nobody
    ],
)
def test_a_daily_rotation_hands_over_at_eight_local_time(moment: datetime, on_duty: int) -> None:
    assert shift_at(daily(), [], moment).member_id == on_duty


def test_the_shift_across_spring_forward_is_23_hours_and_across_fall_back_25() -> None:
    spring = shift_at(daily(), [], local(2026, 3, 29, 1, 0))
    assert (spring.ends_at - spring.starts_at).total_seconds() == 23 * 3600
    autumn = shift_at(daily(date(2026, 10, 20)), [], local(2026, 10, 25, 1, 0))
    assert (autumn.ends_at - autumn.starts_at).total_seconds() == 25 * 3600
    assert autumn.ends_at == local(2026, 10, 25, 8, 0)


def test_a_weekly_rotation_changes_on_its_weekday() -> None:
    weekly = Spec((ANA, BEN), 7, time(9, 0), date(2026, 11, 2), TIRANE)  # a Monday
    assert shift_at(weekly, [], local(2026, 11, 8, 23, 0)).member_id == ANA
    assert shift_at(weekly, [], local(2026, 11, 9, 9, 0)).member_id == BEN
    assert shift_at(weekly, [], local(2026, 11, 16, 9, 0)).member_id == ANA


def test_an_override_covers_for_its_span_and_ends_on_time() -> None:
    sick = Cover(CIRA, ANA, local(2026, 3, 27, 12, 0), local(2026, 3, 27, 20, 0))
    assert shift_at(daily(), [sick], local(2026, 3, 27, 11, 59)).member_id == ANA
    during = shift_at(daily(), [sick], local(2026, 3, 27, 12, 0))
    assert (during.member_id, during.covered) == (CIRA, True)
    assert during.ends_at == local(2026, 3, 27, 20, 0)
    assert shift_at(daily(), [sick], local(2026, 3, 27, 20, 0)).member_id == ANA
    before = shift_at(daily(), [sick], local(2026, 3, 27, 9, 0))
    assert before.ends_at == local(2026, 3, 27, 12, 0), "her shift is cut where the cover begins"


def test_an_override_for_one_member_leaves_the_others_shifts_alone() -> None:
    holiday = Cover(CIRA, ANA, local(2026, 3, 27, 0, 0), local(2026, 4, 3, 0, 0))
    assert shift_at(daily(), [holiday], local(2026, 3, 28, 10, 0)).member_id == BEN
    assert shift_at(daily(), [holiday], local(2026, 3, 30, 10, 0)).member_id == CIRA


def test_of_two_overlapping_overrides_the_later_wins() -> None:
    first = Cover(BEN, None, local(2026, 3, 27, 9, 0), local(2026, 3, 27, 18, 0))
    second = Cover(CIRA, None, local(2026, 3, 27, 12, 0), local(2026, 3, 27, 14, 0))
    assert shift_at(daily(), [first, second], local(2026, 3, 27, 13, 0)).member_id == CIRA
    assert shift_at(daily(), [first, second], local(2026, 3, 27, 15, 0)).member_id == BEN


def test_an_inactive_member_leaves_a_gap() -> None:
    spec = Spec((ANA, None, CIRA), 1, time(8, 0), date(2026, 3, 27), TIRANE)
    assert shift_at(spec, [], local(2026, 3, 28, 10, 0)).member_id is None


def test_next_shift_and_the_shifts_of_a_week() -> None:
    assert next_shift(daily(), [], local(2026, 3, 27, 10, 0)).member_id == BEN
    week = shifts(daily(), [], local(2026, 3, 27, 8, 0), local(2026, 4, 3, 8, 0))
    assert [s.member_id for s in week] == [ANA, BEN, CIRA, ANA, BEN, CIRA, ANA]


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (local(2026, 11, 30, 8, 0), True),  # Monday 08:00
        (local(2026, 11, 30, 15, 59), True),
        (local(2026, 11, 30, 16, 0), False),
        (local(2026, 11, 29, 10, 0), False),  # Sunday
        (local(2026, 11, 28, 2, 0), False),  # Saturday night
    ],
)
def test_working_hours_are_weekdays_eight_to_four(moment: datetime, inside: bool) -> None:
    hours = Hours(frozenset(range(5)), time(8, 0), time(16, 0), TIRANE)
    assert within_hours(hours, moment) is inside

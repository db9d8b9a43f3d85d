"""The report's figures, read from a known November on SQLite and PostgreSQL, checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.reports import BadPeriod, parse_period
from bot.reports.figures import build, percentile
from bot.reports.model import FollowUps, PeriodKind, Referrals, Timing
from storage.db import SessionFactory
from tests.reports.seed import NOW, seed_november

TIRANE = ZoneInfo("Europe/Tirane")
WINDOW = timedelta(minutes=15)


def test_periods_are_read_as_people_type_them() -> None:
    now = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # already 30 November in Tirana
    this = parse_period("", now, TIRANE)
    assert (this.first, this.last, this.kind) == (date(2026, 11, 1), date(2026, 11, 30), "month")
    assert parse_period("2026-02", now, TIRANE).last == date(2026, 2, 28)
    quarter = parse_period("2026-Q4", now, TIRANE)
    assert (quarter.first, quarter.last, quarter.token) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "2026-Q4",
    )
    assert parse_period("2026", now, TIRANE).kind is PeriodKind.YEAR
    both = parse_period("01.11.2026 15.11.2026", now, TIRANE)
    assert (both.first, both.last) == (date(2026, 11, 1), date(2026, 11, 15))
    assert parse_period("2026-11-01 2026-11-15", now, TIRANE) == both
    for wrong in ("2026-13", "2026-Q5", "nëntor", "15.11.2026 01.11.2026", "1 2 3"):
        with pytest.raises(BadPeriod):
            parse_period(wrong, now, TIRANE)


def test_two_days_are_read_as_everywhere_else_in_ura() -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    both = parse_period("1/11/2026 15/11/2026", now, TIRANE)  # core.parse.day's forms
    assert (both.first, both.last) == (date(2026, 11, 1), date(2026, 11, 15))
    for wrong in ("31.02.2026 01.03.2026", "01.01.1999 02.01.1999"):
        with pytest.raises(BadPeriod):
            parse_period(wrong, now, TIRANE)


def test_a_period_is_local_days_whatever_the_summer_time() -> None:
    october = parse_period("2026-10", datetime.now(UTC), TIRANE)
    start, end = october.bounds(TIRANE)
    assert start == datetime(2026, 9, 30, 22, tzinfo=UTC)  # summer time: UTC+2
    assert end == datetime(2026, 10, 31, 23, tzinfo=UTC)  # winter time since 25 October


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([20, 1, 10, 5], 0.5) == 7.5
    assert percentile([20, 1, 10, 5], 0.9) == pytest.approx(17.0)
    assert percentile([4], 0.9) == 4
    assert percentile([], 0.5) is None


async def test_every_figure_of_a_known_november(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await seed_november(session)
    november = parse_period("2026-11", NOW, TIRANE)
    async with sessions() as session:
        found = await build(session, november, NOW, TIRANE, WINDOW)
    regions = {r.slug: r for r in found.regions}
    assert len(regions) == 12
    durres, kukes, berat = regions["durres"], regions["kukes"], regions["berat"]
    # 00:30 on 1 November counts; 23:30 on 31 October (local) does not.
    assert (durres.alerts, durres.urgent, durres.acknowledged) == (4, 3, 4)
    assert (durres.urgent_in_window, durres.escalated, durres.resolved) == (2, 1, 2)
    assert durres.ack == Timing(4, 7.5, pytest.approx(17.0))
    assert durres.resolve == Timing(2, 3.0, pytest.approx(3.8))
    # Never acknowledged: counted as alerts, not in the times, not in the window.
    assert (kukes.alerts, kukes.urgent, kukes.acknowledged, kukes.urgent_in_window) == (2, 2, 0, 0)
    assert (kukes.escalated, kukes.ack) == (2, Timing(0, None, None))
    assert (berat.alerts, berat.ack.median) == (0, None)  # a region with no alerts is shown
    assert found.national_ack == Timing(4, 7.5, pytest.approx(17.0))
    assert found.categories == {
        "child_at_risk": 3,
        "potential_victim": 1,
        "recruitment": 1,
        "missing_person": 1,
    }
    assert found.sectors == {
        "police": Timing(3, 5.0, pytest.approx(17.0)),
        "social_service": Timing(2, 15.0, pytest.approx(19.0)),
    }
    assert found.referrals == Referrals(made=3, accepted=1, declined=1, pending=1)
    meetings = {m.slug: m for m in found.meetings}
    assert found.roundtables == 2  # the cancelled one and December's are not counted
    d, k = meetings["durres"], meetings["kukes"]
    assert (d.held, d.invited, d.answered, d.attended) == (2, 4, 3, 2)
    assert (k.held, k.invited, k.answered, k.attended) == (1, 1, 1, 0)
    assert (meetings["vlore"].held, meetings["vlore"].invited) == (1, 0)  # the one for all
    assert found.follow_ups == FollowUps(on_time=1, late=3, open=0)
    assert [(o.name, o.updates, o.replies) for o in found.organisations] == [
        ("Policia e Durrësit", 2, 0),
        ("Shërbimi Social Durrës", 0, 1),
        ("Policia e Kukësit", 0, 0),
        ("Qendra Tjetër Vizion", 0, 0),
    ]
    assert found.silent == ["Shërbimi Social Durrës", "Policia e Kukësit", "Qendra Tjetër Vizion"]
    assert [(t.name, t.updates, t.replies) for t in found.topics] == [("prevention", 2, 1)]
    people = {m.slug: m for m in found.members}
    assert (people["durres"].members, people["durres"].unreachable) == (2, 1)
    assert people["durres"].by_sector == {"police": 1, "social_service": 1}
    assert (people["kukes"].members, people["berat"].members) == (1, 0)
    assert found.pending_requests == 2
    assert [m.first for m in found.trend][0] == date(2025, 12, 1)
    last, before = found.trend[-1], found.trend[-2]
    assert (last.first, last.alerts, last.urgent, last.urgent_in_window) == (
        date(2026, 11, 1),
        6,
        5,
        2,
    )
    assert last.ack_median == 7.5
    assert (before.alerts, before.urgent, before.ack_median) == (1, 0, 3.0)


async def test_an_open_action_not_yet_due_is_open(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await seed_november(session)
    earlier = datetime(2026, 11, 25, 12, tzinfo=UTC)
    async with sessions() as session:
        found = await build(session, parse_period("", earlier, TIRANE), earlier, TIRANE, WINDOW)
    assert found.follow_ups == FollowUps(on_time=1, late=2, open=1)
    assert found.roundtables == 2


async def test_an_empty_period_has_zeros_not_errors(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await seed_november(session)
    async with sessions() as session:
        found = await build(session, parse_period("2026-06", NOW, TIRANE), NOW, TIRANE, WINDOW)
    assert found.total_alerts == 0
    assert all(r.ack == Timing(0, None, None) for r in found.regions)
    assert found.categories == {}
    assert found.referrals == Referrals(0, 0, 0, 0)
    assert found.roundtables == 0
    assert found.follow_ups == FollowUps(0, 0, 0)
    assert len(found.silent) == 4  # every active organisation, listed

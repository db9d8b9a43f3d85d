"""Presses racing in two transactions at once (as tests/core/test_timers.py races timers): two
recipients acknowledging together get one first acknowledger and one "also on it"; an
acknowledgment racing a take-action leaves the alert in one consistent state.

On PostgreSQL both transactions hold their reads before either writes (a barrier); SQLite's
BEGIN IMMEDIATE makes the second wait its turn, which must come out the same."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import presses
from bot.alerts import rules as alerts
from bot.alerts.model import Result, Status
from bot.alerts.render.card import card
from bot.alerts.rules import ESCALATE, STALE, Outcome
from bot.alerts.views import load
from bot.core.i18n import Translator
from bot.core.permissions import Agency
from bot.core.scheduling import pending
from storage.db import SessionFactory
from storage.members import Member
from storage.models import AlertEvent
from tests.alerts.test_routing_rules import person

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
CHILD = {"region": "durres", "category": "child_at_risk", "urgency": "urgent", "description": "x"}
Press = Callable[[AsyncSession, Member], Awaitable[Outcome]]


async def raised(sessions: SessionFactory) -> tuple[int, int, int]:
    """An urgent alert that reached two members of the committee: (alert, first, second)."""
    async with sessions.begin() as session:
        ngo = await person(session, 1, Agency.CIVIL_SOCIETY)
        police = await person(session, 2, Agency.POLICE)
        social = await person(session, 3, Agency.SOCIAL_SERVICE)
        done = await alerts.raise_alert(session, NOW, ngo, CHILD, timedelta(minutes=15))
        assert {police.id, social.id} <= {m.id for m in done.recipients}
        return done.alert.id, police.id, social.id


async def at_once(sessions: SessionFactory, presses_by: list[tuple[int, Press]]) -> list[Outcome]:
    """Each press in its own transaction, all at the same moment."""
    async with sessions() as probe:
        racing = probe.get_bind().dialect.name == "postgresql"
    barrier = asyncio.Barrier(len(presses_by)) if racing else None

    async def one(member_id: int, press: Press) -> Outcome:
        async with sessions.begin() as session:
            member = await session.get(Member, member_id)
            assert member is not None
            if barrier is not None:
                await barrier.wait()  # both have read; now both write
            return await press(session, member)

    return list(await asyncio.gather(*(one(m, p) for m, p in presses_by)))


def acknowledge(alert_id: int) -> Press:
    return lambda session, member: presses.acknowledge(session, NOW, alert_id, member)


def take_action(alert_id: int) -> Press:
    return lambda session, member: presses.take_action(session, NOW, alert_id, member, DAY)


async def events(session: AsyncSession, alert_id: int, kind: str) -> int:
    query = select(func.count()).where(AlertEvent.alert_id == alert_id, AlertEvent.kind == kind)
    return int(await session.scalar(query.select_from(AlertEvent)) or 0)


async def test_two_recipients_acknowledging_at_once_give_one_first_and_one_also(
    sessions: SessionFactory,
) -> None:
    alert_id, police, social = await raised(sessions)
    outcomes = await at_once(
        sessions, [(police, acknowledge(alert_id)), (social, acknowledge(alert_id))]
    )
    assert [o.result for o in outcomes] == [Result.DONE, Result.DONE]  # each their own copy
    async with sessions() as session:
        view = await load(session, alert_id)
        assert view is not None
        assert view.alert.status == Status.ACKNOWLEDGED
        assert view.alert.acknowledged_at is not None
        first = view.acknowledged_by_id
        assert first in (police, social)
        other = social if first == police else police
        assert view.acknowledged_by is not None
        also = [name for name in view.acknowledged if name != view.acknowledged_by]
        assert len(also) == 1  # exactly one "also on it": the other one
        reader = await session.get(Member, other)
        assert reader is not None
        assert also == [f"M{reader.telegram_user_id} (Org {reader.telegram_user_id})"]
        shown = card(Translator(), "en", view, reader, NOW, ZoneInfo("Europe/Tirane")).text
        assert str(Translator()("en", "flows.alert.card.also", names=also[0])) in shown
        assert await events(session, alert_id, "acknowledged") == 2
        assert await pending(session, ESCALATE, alert_id) == []


async def test_an_acknowledgment_racing_a_take_action_leaves_one_consistent_state(
    sessions: SessionFactory,
) -> None:
    alert_id, police, social = await raised(sessions)
    outcomes = await at_once(
        sessions, [(police, acknowledge(alert_id)), (social, take_action(alert_id))]
    )
    assert [o.result for o in outcomes] == [Result.DONE, Result.DONE]
    async with sessions() as session:
        view = await load(session, alert_id)
        assert view is not None
        assert view.alert.status == Status.IN_ACTION  # whichever committed first
        assert view.alert.acknowledged_at is not None
        assert view.recipients[social].acting_since is not None
        assert view.recipients[police].acknowledged_at is not None
        assert view.recipients[police].acting_since is None
        assert len(view.acting) == 1
        assert len(view.acknowledged) == 1
        assert await pending(session, ESCALATE, alert_id) == []  # nobody is chased any more
        assert len(await pending(session, STALE, alert_id)) == 1  # one reminder, not two
        assert await events(session, alert_id, "acknowledged") == 1
        assert await events(session, alert_id, "acting") == 1

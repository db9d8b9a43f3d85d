"""Routing as data: the shipped table, who it selects in a region, and coordinators' changes."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.alerts import escalation
from bot.alerts import routing as alert_routing
from bot.core.permissions import Agency, Role
from bot.members import directory
from storage.db import SessionFactory
from storage.models import AuditEvent

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def person(session, user_id: int, agency: Agency, region: str = "durres", **changes):
    group = await directory.find_group(session, region)
    member = await directory.register(
        session,
        NOW,
        telegram_user_id=user_id,
        display_name=f"M{user_id}",
        language="sq",
        role=Role.NGO if agency == Agency.CIVIL_SOCIETY else Role.COMMITTEE,
        agency=agency,
        organisation_name=f"Org {user_id}",
        groups=[group] if group else [],
    )
    for name, value in changes.items():
        setattr(member, name, value)
    return member


def test_the_shipped_table_routes_each_category() -> None:
    table = alert_routing.default_routing()
    assert set(table) == set(alert_routing.CATEGORIES)
    assert table["child_at_risk"] == ["social_service", "police", "education"]
    assert {"police", "prosecution", "social_service", "civil_society"} == set(
        table["potential_victim"]
    )


@pytest.mark.parametrize(
    "broken",
    [
        {"categories": {"child_at_risk": ["police"]}},
        {"categories": {c: ["police"] for c in alert_routing.CATEGORIES} | {"x": ["police"]}},
        {"categories": {c: ["army"] for c in alert_routing.CATEGORIES}},
        {"categories": {c: [] for c in alert_routing.CATEGORIES}},
    ],
)
def test_a_broken_table_is_refused(broken: dict) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message names the problem
        alert_routing.validate_routing(broken)


async def test_route_picks_the_regions_active_reachable_members_of_the_agencies(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        sender = await person(session, 1, Agency.CIVIL_SOCIETY)
        police = await person(session, 2, Agency.POLICE)
        social = await person(session, 3, Agency.SOCIAL_SERVICE)
        await person(session, 4, Agency.HEALTH)
        await person(session, 5, Agency.POLICE, region="tirane")
        await person(session, 6, Agency.EDUCATION, status="suspended")
        await person(session, 7, Agency.POLICE, reachable=False)
        await session.flush()
        durres = await directory.find_group(session, "durres")
        assert durres is not None
        found = await alert_routing.route(session, durres, "child_at_risk", sender.id)
    assert [m.id for m in found.members] == [police.id, social.id]
    assert found.agencies == ["social_service", "police"]


async def test_a_coordinator_changes_one_category_and_it_is_audited(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        coordinator = await person(session, 9, Agency.OTHER, region="none")
        await alert_routing.set_route(session, NOW, "other", ["health", "police"], coordinator.id)
    async with sessions() as session:
        table = await alert_routing.routing_table(session)
        audit = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "alert.routing_changed")
        )
    assert table["other"] == ["health", "police"]
    assert table["child_at_risk"] == ["social_service", "police", "education"]
    assert audit is not None
    assert audit.actor_member_id == coordinator.id
    async with sessions.begin() as session:
        await alert_routing.store_policy(session, NOW, "routing", "*", None, coordinator.id)
    async with sessions() as session:
        assert await alert_routing.routing_table(session) == alert_routing.default_routing()


async def test_escalation_policy_defaults_to_the_interval_and_a_region_may_differ(
    sessions: SessionFactory,
) -> None:
    interval = timedelta(minutes=15)
    async with sessions.begin() as session:
        steps = await escalation.policy_for(session, "durres", "other", interval)
        assert [(s.delay, s.to) for s in steps] == [
            (interval, ("coordinators", "committee")),
            (interval, ("coordinators",)),
        ]
        custom = escalation.parse_steps("5m:committee 1h:coordinators")
        await escalation.set_policy(session, NOW, "region:durres", custom, None)
        durres = await escalation.policy_for(session, "durres", "other", interval)
        fier = await escalation.policy_for(session, "fier", "other", interval)
    assert [s.delay for s in durres] == [timedelta(minutes=5), timedelta(hours=1)]
    assert len(fier) == 2
    assert fier[0].delay == interval
    with pytest.raises(ValueError):  # noqa: PT011
        escalation.parse_steps("5m:everyone")

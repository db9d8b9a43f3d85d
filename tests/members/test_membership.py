"""Membership rules, without Telegram: invites, the Advisory Group's limit, access decisions."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.core.permissions import Access, Agency, Role, may
from bot.members import directory, invites
from bot.onboarding import access
from storage.db import SessionFactory
from storage.models import AuditEvent, Invite, Member

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def make_invite(
    session,
    *,
    role=Role.COMMITTEE,
    groups=("durres",),
    uses=1,
    days=7,
    org="Policia Durrës",
    agency=Agency.POLICE,
) -> str:
    found = [await directory.find_group(session, g) for g in groups]
    terms = invites.InviteTerms(role, org, agency, [g for g in found if g], uses, days)
    return await invites.create(session, NOW, terms, None)


async def test_an_invite_registers_with_what_it_grants(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        token = await make_invite(session)
        redeemed = await invites.redeem(
            session, NOW, token, telegram_user_id=501, display_name="Ardit", language="sq"
        )
        member = redeemed.member
        assert (member.role, member.agency) == ("committee", "police")
        assert [g.slug for g in member.groups] == ["durres"]
        assert member.organisation is not None
        assert member.organisation.name == "Policia Durrës"
        stored = await session.scalar(select(Invite))
        assert stored is not None
        assert stored.token_hash != token, "only the hash is kept"
        assert stored.uses_left == 0


@pytest.mark.parametrize(("days_later", "uses", "reason"), [(8, 5, "expired"), (0, 1, "used_up")])
async def test_expired_or_used_up_invites_register_nobody(
    sessions: SessionFactory, days_later: int, uses: int, reason: str
) -> None:
    async with sessions.begin() as session:
        token = await make_invite(session, uses=uses)
        if reason == "used_up":
            await invites.redeem(
                session, NOW, token, telegram_user_id=1, display_name="A", language="sq"
            )
        with pytest.raises(invites.InviteRefused) as refused:
            await invites.redeem(
                session,
                NOW + timedelta(days=days_later),
                token,
                telegram_user_id=2,
                display_name="B",
                language="sq",
            )
        assert refused.value.reason == reason
        assert await directory.by_telegram_id(session, 2) is None


async def test_a_forged_token_is_refused_and_audited(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        with pytest.raises(invites.InviteRefused):
            await invites.redeem(
                session, NOW, "forged", telegram_user_id=3, display_name="C", language="sq"
            )
        actions = (await session.scalars(select(AuditEvent.action))).all()
        assert actions == ["invite.refused"]


async def test_the_sixteenth_organisation_is_refused_by_the_advisory_group(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        advisory = await directory.find_group(session, "advisory")
        assert advisory is not None
        for n in range(15):
            await directory.register(
                session,
                NOW,
                telegram_user_id=1000 + n,
                display_name=f"N{n}",
                language="sq",
                role="ngo",
                agency="civil_society",
                organisation_name=f"OJF {n}",
                groups=[advisory],
            )
        # A second person of a member organisation still joins.
        await directory.register(
            session,
            NOW,
            telegram_user_id=2000,
            display_name="Same org",
            language="sq",
            role="ngo",
            agency="civil_society",
            organisation_name="OJF 3",
            groups=[advisory],
        )
        with pytest.raises(directory.GroupFull):
            await directory.register(
                session,
                NOW,
                telegram_user_id=3000,
                display_name="16th",
                language="sq",
                role="ngo",
                agency="civil_society",
                organisation_name="OJF 16",
                groups=[advisory],
            )


async def test_the_first_coordinator_decides_an_access_request(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await directory.ensure_coordinators(session, NOW, [11, 12])
        first, second = await directory.coordinators(session)
        region = await directory.find_group(session, "Korçë")
        assert region is not None
        request = await access.submit(
            session,
            NOW,
            77,
            "en",
            {"name": "Elira", "organisation": "Qendra", "agency": "civil_society"},
            region,
        )
        decision = await access.decide(session, NOW, request.id, first, approve=True)
        assert decision is not None
        assert decision.member is not None
        assert decision.member.role == "ngo"
        assert [g.slug for g in decision.member.groups] == ["korce"]
        late = await access.decide(session, NOW, request.id, second, approve=False)
        assert late is not None
        assert late.already
        assert request.status == "approved"


async def test_suspended_members_reach_nothing_but_onboarding(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await directory.ensure_coordinators(session, NOW, [11])
        (coordinator,) = await directory.coordinators(session)
        assert may(coordinator, Access.COORDINATOR)
        token = await make_invite(session)
        member = (
            await invites.redeem(
                session, NOW, token, telegram_user_id=5, display_name="E", language="sq"
            )
        ).member
        assert may(member, Access.MEMBER)
        assert not may(member, Access.COORDINATOR)
        await directory.set_status(session, NOW, coordinator, member, "suspended")
        assert not may(member, Access.MEMBER)
        assert may(member, Access.ANYONE)
        assert may(None, Access.ANYONE)
        assert not may(None, Access.MEMBER)
        count = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "member.suspended")
        )
        assert count == 1


async def test_unreachable_is_news_only_once(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        await directory.ensure_coordinators(session, NOW, [11])
        member = await session.scalar(select(Member))
        assert member is not None
        assert await directory.mark_unreachable(session, NOW, member.id, "blocked") is not None
        assert await directory.mark_unreachable(session, NOW, member.id, "blocked") is None
        directory.mark_seen(member, NOW, "Back")
        assert member.reachable

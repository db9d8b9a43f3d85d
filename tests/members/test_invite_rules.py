"""Invites that can be trusted: coordinator invites are single-use for a day, an invite is
used by one conditional UPDATE (two presses at once use it once, on both databases), it can
be listed and revoked, and a refusal is audited."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.core.permissions import Agency, Role
from bot.members import directory, invites
from storage.db import SessionFactory
from storage.models import AuditEvent, Invite, Member

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


async def _invite(sessions: SessionFactory, role: Role = Role.COMMITTEE, **terms: int) -> str:
    async with sessions.begin() as session:
        durres = await directory.find_group(session, "durres")
        assert durres is not None
        made = invites.InviteTerms(role, "Policia e Durrësit", Agency.POLICE, [durres], **terms)
        return await invites.create(session, NOW, made, None)


async def test_a_coordinator_invite_is_single_use_and_lasts_a_day(sessions: SessionFactory) -> None:
    await _invite(sessions, Role.COORDINATOR, uses=20, expires_days=7)
    async with sessions() as session:
        stored = await session.scalar(select(Invite))
    assert stored is not None
    assert stored.uses_left == 1
    assert stored.expires_at == NOW + timedelta(days=1)


async def test_two_presses_at_once_use_a_single_use_invite_once(sessions: SessionFactory) -> None:
    token = await _invite(sessions)

    async def press(telegram_id: int) -> str:
        async with sessions.begin() as session:  # as the handler does: refused, yet committed
            try:
                await invites.redeem(
                    session,
                    NOW,
                    token,
                    telegram_user_id=telegram_id,
                    display_name="X",
                    language="sq",
                )
            except invites.InviteRefused as refused:
                return refused.reason
            await asyncio.sleep(0.05)  # hold the transaction open while the other presses
        return "joined"

    outcomes = sorted(await asyncio.gather(press(601), press(602)))
    assert outcomes == ["joined", "used_up"]
    async with sessions() as session:
        joined = await session.scalar(select(func.count()).select_from(Member))
        stored = await session.scalar(select(Invite))
        refused = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "invite.refused")
        )
    assert joined == 1
    assert stored is not None
    assert stored.uses_left == 0
    assert refused == 1, "the refusal is on the record"


async def test_a_revoked_invite_is_refused_and_no_longer_listed(sessions: SessionFactory) -> None:
    token = await _invite(sessions, uses=5)
    async with sessions.begin() as session:
        [listed] = await invites.open_invites(session, NOW)
        assert await invites.revoke(session, NOW, listed.id, None) is not None
        assert await invites.revoke(session, NOW, listed.id, None) is None
        assert await invites.open_invites(session, NOW) == []
    with pytest.raises(invites.InviteRefused) as refused:
        async with sessions.begin() as session:
            await invites.redeem(
                session, NOW, token, telegram_user_id=7, display_name="Y", language="sq"
            )
    assert refused.value.reason == "revoked"


async def test_an_existing_member_keeps_their_role_and_the_invite_only_asks(
    sessions: SessionFactory,
) -> None:
    first = await _invite(sessions)
    second = await _invite(sessions, Role.COORDINATOR)
    async with sessions.begin() as session:
        await invites.redeem(
            session, NOW, first, telegram_user_id=8, display_name="Z", language="sq"
        )
        again = await invites.redeem(
            session, NOW, second, telegram_user_id=8, display_name="Z", language="sq"
        )
    assert again.member.role == Role.COMMITTEE
    assert again.asked_role == Role.COORDINATOR


def test_ura_invite_lists_and_revokes(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("URA_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/ura.db")
    monkeypatch.setenv("URA_BOT_USERNAME", "ura_test_bot")
    args = ["invite", "--role", "committee", "--org", "Policia", "--group", "durres"]
    assert main(args) == 0
    assert "https://t.me/ura_test_bot?start=" in capsys.readouterr().out
    assert main(["invite", "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("1\tcommittee\tPolicia")
    assert main(["invite", "revoke", "1"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert main(["invite", "list"]) == 0
    assert "no open invites" in capsys.readouterr().out
    assert main(["invite", "revoke", "1"]) == 2

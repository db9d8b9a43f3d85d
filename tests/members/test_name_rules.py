"""Names longer than their columns are shortened, never a failed transaction (PostgreSQL
enforces the lengths SQLite ignores)."""

from datetime import UTC, datetime

from bot.core.permissions import Agency, Role
from bot.core.text import fit
from bot.members import directory, invites
from bot.onboarding import access
from storage.db import SessionFactory

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def test_fit_keeps_short_names_and_shortens_long_ones_with_an_ellipsis() -> None:
    assert fit("  Ardit   Policia ", 128) == "Ardit Policia"
    shortened = fit("Ë" * 200, 128)
    assert len(shortened) == 128
    assert shortened.endswith("…")


async def test_a_long_name_and_organisation_are_stored_shortened(sessions: SessionFactory) -> None:
    async with sessions.begin() as session:
        durres = await directory.find_group(session, "durres")
        assert durres is not None
        terms = invites.InviteTerms(Role.COMMITTEE, "O" * 300, Agency.POLICE, [durres], 1, 1)
        token = await invites.create(session, NOW, terms, None)
        redeemed = await invites.redeem(
            session, NOW, token, telegram_user_id=77, display_name="N" * 129, language="sq"
        )
        member = redeemed.member
        request = await access.submit(
            session,
            NOW,
            78,
            "sq",
            {"name": "M" * 300, "organisation": "P" * 300, "agency": "police"},
            durres,
        )
    assert len(member.display_name) == directory.NAME_MAX
    assert member.organisation is not None
    assert len(member.organisation.name) == directory.ORGANISATION_MAX
    assert len(request.display_name) == directory.NAME_MAX
    assert len(request.organisation_name) == directory.ORGANISATION_MAX

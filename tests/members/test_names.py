"""Stories of names that cannot impersonate: the name given at registration or by a
coordinator, not the Telegram name of the day; shown with the organisation."""

from __future__ import annotations

from sqlalchemy import select

from bot.members import directory
from storage.models import AuditEvent
from tests.alerts.test_alerts import people, raise_alert
from tests.ura import Ura


async def test_a_member_who_renames_themselves_on_telegram_keeps_the_name_they_joined_with(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    cast.police.first_name, cast.police.last_name = "Koordinatorja", "Kombëtare"
    await raise_alert(ura, cast.ngo)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    own = await t.wait_for_message(cast.ngo, contains="Sinjalizim #1")
    await t.wait_for_callback_answer(await t.press_button(cast.police, "✅ Mora dijeni", card))
    edited = await t.wait_for_edit(
        own, contains="marrë në dijeni nga Ardit Policia (Policia e Durrësit)"
    )
    assert "Koordinatorja" not in edited.text
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, cast.police.id)
    assert member is not None
    assert member.display_name == "Ardit Policia"


async def test_a_coordinator_gives_a_member_the_name_others_see(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, cast.police.id)
    assert member is not None
    await t.send_text(ura.coordinator, f"/name {member.id} Ardit Hoxha")
    await t.wait_for_message(ura.coordinator, contains="tani quhet «Ardit Hoxha»")
    await t.send_text(cast.police, "/name 1 Koordinatori")  # not for members
    await t.wait_idle()
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, cast.police.id)
        renamed = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "member.renamed")
        )
    assert member is not None
    assert member.display_name == "Ardit Hoxha"
    assert renamed is not None


async def test_a_very_long_telegram_name_is_shortened_when_joining(ura: Ura) -> None:
    t = ura.telegram
    long = t.add_user(first_name="A" * 64, last_name="B" * 64)
    await ura.join(long)
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, long.id)
    assert member is not None
    assert len(member.display_name) == directory.NAME_MAX
    assert member.display_name.endswith("…")

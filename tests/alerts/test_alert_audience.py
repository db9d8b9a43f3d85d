"""Stories of who may read an alert: its audience (coordinators, the sender, those it was
routed, escalated or referred to), not everyone in the region's group — on the card, in
/alerts, /search, /history, exports and the weekly digest."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from bot.core.permissions import Agency, Role
from bot.exchange import export as exchange_export
from bot.log.readers import readable_by
from bot.members import directory
from bot.sandbox.telegram import FakeMessage, FakeUser
from tests.alerts.test_alerts import people, raise_alert
from tests.alerts.test_alerts_work import act
from tests.ura import Ura

SECRET = "Një vajzë rreth 12 vjeç lyp çdo natë pranë kalatës, një burrë i merr paratë."


def _signed(ura: Ura, action: str, arg: str, user: FakeUser) -> str:
    """A payload correctly signed for the user's chat: a stale button, or one copied."""
    assert ura.app is not None
    return ura.app.bot_data.services.signer.sign(action, arg, user.id)


async def _ask(ura: Ura, user: FakeUser, text: str, contains: str) -> FakeMessage:
    """The user sends a command; the answer is the first new message that fits."""
    t = ura.telegram
    before = t.bot_messages(user)
    await t.send_text(user, text)
    if before:
        return await t.wait_for_message(user, contains=contains, after=before[-1])
    return await t.wait_for_message(user, contains=contains)


async def _cannot_read(ura: Ura, user: FakeUser) -> None:
    t = ura.telegram
    await _ask(ura, user, "/alerts", "Nuk ka sinjalizime të hapura")
    await _ask(ura, user, "/search kalates", "Asgjë për")
    page = await _ask(ura, user, "/history", "")
    assert "kalatës" not in page.text
    last = t.bot_messages(user)[-1]
    answer = await t.wait_for_callback_answer(
        await t.press_callback(user, last, _signed(ura, "alo", "1", user))
    )
    assert "nuk ju është dërguar" in (answer.get("text") or "")
    await t.wait_idle()
    assert not any(SECRET in m.text for m in t.bot_messages(user))


async def _can_read(ura: Ura, user: FakeUser) -> None:
    t = ura.telegram
    listing = await _ask(ura, user, "/alerts", "Sinjalizimet e hapura")
    assert "#1" in listing.text
    found = await _ask(ura, user, "/search kalates", "🔎")
    assert "kalatës" in found.text
    page = await _ask(ura, user, "/history", "")
    assert "kalatës" in page.text
    await t.press_button(user, "#1", message=listing)
    await t.wait_for_message(user, contains="Historiku")


async def _exported(ura: Ura, user: FakeUser) -> str:
    """What an export made by this person holds (the service behind /export)."""
    async with ura.sessions() as session:
        actor = await directory.by_telegram_id(session, user.id)
        scope = exchange_export.Scope(None, None, None, "all", readable_by(actor))
    assert ura.app is not None
    with tempfile.TemporaryDirectory() as folder:
        engine = ura.app.bot_data.services.engine
        made = await exchange_export.write(engine, Path(folder), ura.clock.now(), scope, 10**8)
        return made.json_path.read_text("utf-8")


async def test_an_ngo_member_and_an_agency_it_was_not_routed_to_cannot_read_it(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    elira = t.add_user(first_name="Elira", last_name="OJF")
    await ura.join(elira, role=Role.NGO, org="Different & Equal", agency=Agency.CIVIL_SOCIETY)
    await raise_alert(ura, cast.ngo, SECRET)
    await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    for outsider in (elira, cast.health):  # both in Durrës' committee group
        await _cannot_read(ura, outsider)
        assert "kalatës" not in await _exported(ura, outsider)
    await _can_read(ura, cast.police)
    assert "kalatës" in await _exported(ura, cast.police)
    await _can_read(ura, cast.ngo)  # the sender
    await _can_read(ura, ura.coordinator)


async def test_a_member_an_alert_is_referred_to_can_read_it_and_its_notes_after_the_referral(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo, SECRET)
    await act(ura, cast.police)
    await t.press_button(cast.police, "📝 Shënim")
    await t.wait_for_message(cast.police, contains="Shkruani shënimin")
    await t.send_text(cast.police, "Patrulla e gjeti afër kalatës; duhet strehim.")
    await t.wait_for_message(cast.police, contains="Shënimi u shtua")
    await _cannot_read(ura, cast.health)
    await t.press_button(cast.police, "↪️ Referojeni")
    await t.wait_for_message(cast.police, contains="Te cili sektor")
    await t.press_button(cast.police, "Shëndetësia")
    await t.wait_for_message(cast.police, contains="Arsyeja")
    await t.send_text(cast.police, "Duhet kontroll mjekësor")
    await t.wait_for_message(cast.health, contains="Referim i sinjalizimit #1")
    await _can_read(ura, cast.health)
    await t.send_text(cast.health, "/search strehim")
    note = await t.wait_for_message(
        cast.health, contains="🔎", after=t.bot_messages(cast.health)[-1]
    )
    assert "duhet strehim" in note.text


async def test_the_weekly_digest_lists_an_open_alert_only_to_its_audience(ura: Ura) -> None:
    await ura.reconfigure(digest_enabled=True)
    t = ura.telegram
    cast = await people(ura)
    chat = t.add_group("KRAT Durrës", members=[ura.coordinator])
    await t.send_text(ura.coordinator, "/link Durrës", chat=chat)
    await t.wait_for_message(chat, contains="merr përditësimet")
    await raise_alert(ura, cast.ngo, SECRET)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    # Acknowledged, so it does not escalate to the rest of the region during the week.
    await t.wait_for_callback_answer(await t.press_button(cast.police, "✅ Mora dijeni", card))
    await t.wait_for_edit(card, contains="marrë në dijeni nga")
    ura.clock.advance(timedelta(days=7))
    assert await ura.tick() >= 1
    police = await t.wait_for_message(cast.police, contains="Përmbledhja e javës")
    assert "#1" in police.text
    health = await t.wait_for_message(cast.health, contains="Përmbledhja e javës")
    assert "#1" not in health.text
    group = await t.wait_for_message(chat, contains="Përmbledhja e javës", timeout=20)
    assert "#1" not in group.text
    assert "vetëm në bisedë private" in group.text

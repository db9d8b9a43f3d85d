"""Stories of the alert settings and the raising flow's side paths: /routing, Edit, a photo."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import Alert, AuditEvent
from tests.alerts.test_alerts import _sig, cards, people
from tests.ura import Ura


async def test_a_coordinator_changes_the_routing_and_the_next_alert_follows_it(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(ura.coordinator, "/routing missing_person health")
    table = await t.wait_for_message(ura.coordinator, contains="Kush merr sinjalizimet")
    assert "Person i zhdukur: Shëndetësia" in table.text
    await t.send_text(cast.police, "/routing reset")
    await t.wait_for_message(cast.police, contains="nuk lejohet")
    await t.send_text(cast.ngo, "/alert durres missing normal Një i ri mungon prej dy ditësh.")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "📤 Dërgoni")
    await t.wait_for_message(cast.ngo, contains="u dërgua te 1 person:")
    await t.wait_for_message(cast.health, contains="Sinjalizim #1")
    await t.wait_idle()
    assert cards(ura, cast.police) == []
    async with ura.sessions() as session:
        changed = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "alert.routing_changed")
        )
    assert changed is not None


async def test_edit_from_the_summary_and_a_photo_travels_with_the_alert(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.ngo, "/alert durres child normal Fëmijë pa shoqërues në stacion.")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "✏️ Ndryshoni")
    await t.wait_for_message(cast.ngo, contains="Çfarë doni të ndryshoni")
    await t.press_button(cast.ngo, "Shtojcën")
    await t.wait_for_message(cast.ngo, contains="5/5")
    await t.send_photo(cast.ngo)
    summary = await t.wait_for_message(cast.ngo, contains="📷 foto")
    await t.press_button(cast.ngo, "📤 Dërgoni", message=summary)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    await t.wait_idle()
    after = [m for m in t.bot_messages(cast.police) if m.message_id > card.message_id]
    assert any(m.is_media for m in after)
    async with ura.sessions() as session:
        alert = await session.scalar(select(Alert))
    assert alert is not None
    assert alert.attachment is not None
    assert alert.attachment["kind"] == "photo"


async def test_a_declined_referral_tells_the_referrer_why(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.ngo, "/alert durres child urgent Fëmijë pa shoqërues në stacion.")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "📤 Dërgoni")
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    await t.wait_for_callback_answer(await t.press_button(cast.police, "🙋 E marr përsipër", card))
    await t.wait_for_edit(card, contains="E kanë marrë përsipër")
    await t.press_button(cast.police, "↪️ Referojeni")
    await t.wait_for_message(cast.police, contains="Te cili sektor")
    await t.press_button(cast.police, "Shëndetësia")
    await t.wait_for_message(cast.police, contains="Arsyeja")
    await t.send_text(cast.police, "Duhet kontroll mjekësor")
    referral = await t.wait_for_message(cast.health, contains="Referim i sinjalizimit #1")
    school_card = await t.wait_for_message(cast.school, contains="Alert #1")
    forged = f"alA:1:{_sig(ura, 'alA', '1', cast.school)}"
    answer = await t.wait_for_callback_answer(
        await t.press_callback(cast.school, school_card, forged)
    )
    assert "not sent to you" in (answer.get("text") or ""), "the referral went to health"
    await t.press_button(cast.health, "❌ Refuzoni", message=referral)
    await t.wait_for_message(cast.health, contains="Pse e refuzoni")
    await t.send_text(cast.health, "Nuk kemi mjek pediatër sot")
    told = await t.wait_for_message(cast.police, contains="e refuzoi referimin")
    assert "Nuk kemi mjek pediatër sot" in told.text
    await t.wait_for_edit(referral, contains="Refuzuar nga Genta Shëndetësia")


async def test_a_coordinator_sets_a_faster_escalation_for_one_region(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(ura.coordinator, "/escalation Durrës 5m:committee")
    done = await t.wait_for_message(ura.coordinator, contains="Përshkallëzimi u ndryshua")
    assert "Për: Durrës\n• pas 5 min: komiteti rajonal" in done.text
    await t.send_text(cast.ngo, "/alert durres victim urgent Dy vajza të huaja në një lokal.")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "📤 Dërgoni")
    await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    ura.clock.advance(timedelta(minutes=5))
    assert await ura.tick() == 1
    await t.wait_for_message(cast.health, contains="askush nuk e ka marrë në dijeni prej 5 min")
    ura.clock.advance(timedelta(hours=1))
    assert await ura.tick() == 0, "this region's policy has one step"
    async with ura.sessions() as session:
        changed = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "alert.escalation_changed")
        )
    assert changed is not None
    assert changed.details["after"] == {"steps": [{"delay": "5m", "to": ["committee"]}]}


async def test_identifiers_kept_on_purpose_are_on_the_record(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.ngo, "/alert durres missing urgent Shkruani te prindi@example.com")
    await t.wait_for_message(cast.ngo, contains="adresë e-maili")
    await t.press_button(cast.ngo, "Është i nevojshëm, vazhdoni")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "📤 Dërgoni")
    await t.wait_for_message(cast.ngo, contains="u dërgua")
    async with ura.sessions() as session:
        raised = await session.scalar(select(AuditEvent).where(AuditEvent.action == "alert.raised"))
    assert raised is not None
    assert raised.details["guard_kept"] is True
    assert "prindi" not in str(raised.details), "the audit log keeps no description"

"""Stories of the privacy guard beyond alert descriptions: a note, a referral reason, a reply
and an agenda that name a person are held until the writer chooses to send them anyway or to
write them again."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AlertEvent, AlertReferral, Draft
from tests.alerts.test_alerts import people, raise_alert
from tests.alerts.test_alerts_work import act
from tests.exchange.test_exchange import durres_committee, post_update
from tests.meetings.test_meetings import ticked
from tests.ura import Ura


async def test_a_note_with_a_phone_number_is_held_until_the_writer_decides(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await act(ura, cast.police)
    await t.press_button(cast.police, "📝 Shënim")
    await t.wait_for_message(cast.police, contains="Shkruani shënimin")
    await t.send_text(cast.police, "Nëna e vajzës: 69 123 4567, pasaporta BA1234567")
    warning = await t.wait_for_message(cast.police, contains="të dhëna personale")
    assert "numër telefoni" in warning.text
    assert "69 123 4567" in warning.text
    assert "numër pasaporte" in warning.text
    async with ura.sessions() as session:
        notes = (await session.scalars(select(AlertEvent).where(AlertEvent.kind == "note"))).all()
    assert notes == [], "nothing is written before the writer decides"
    await t.press_button(cast.police, "✏️ Ndryshoni tekstin", message=warning)
    await t.wait_for_message(cast.police, contains="shkruani tekstin përsëri")
    await t.send_text(cast.police, "Nëna u kontaktua; vajza është e sigurt.")
    await t.wait_for_message(cast.police, contains="Shënimi u shtua")
    note = await t.wait_for_message(cast.ngo, contains="Shënim për sinjalizimin #1")
    assert "vajza është e sigurt" in note.text
    await t.wait_idle()
    assert not [m for m in t.bot_messages(cast.ngo) if "4567" in m.text]


async def test_a_referral_reason_with_an_e_mail_is_sent_when_the_writer_keeps_it(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await act(ura, cast.police)
    await t.press_button(cast.police, "↪️ Referojeni")
    await t.wait_for_message(cast.police, contains="Te cili sektor")
    await t.press_button(cast.police, "Shërbimi Social Shtetëror")
    await t.wait_for_message(cast.police, contains="Arsyeja")
    await t.send_text(cast.police, "Kontakt i strehës: streha [at] gmail.com")
    warning = await t.wait_for_message(cast.police, contains="të dhëna personale")
    assert "adresë e-maili" in warning.text
    await t.press_button(cast.police, "Është i nevojshëm, dërgojeni", message=warning)
    await t.wait_for_message(cast.police, contains="u referua te sektori Shërbimi Social Shtetëror")
    referral = await t.wait_for_message(cast.social, contains="Referim i sinjalizimit #1")
    assert "streha [at] gmail.com" in referral.text
    async with ura.sessions() as session:
        stored = await session.scalar(select(AlertReferral))
    assert stored is not None
    assert stored.reason == "Kontakt i strehës: streha [at] gmail.com"


async def test_a_reply_with_a_profile_link_is_held_and_then_sent_anyway(ura: Ura) -> None:
    ardit, blerta, _ = await durres_committee(ura)
    t = ura.telegram
    await post_update(ura, ardit, "Kush e njeh llogarinë që ofron punë në Itali?")
    card = await t.wait_for_message(blerta, contains="llogarinë")
    await t.wait_idle()  # Ura records the card's message id just after Telegram shows it
    await t.send_text(blerta, "It is instagram.com/pune_italia_2026", reply_to=card)
    warning = await t.wait_for_message(blerta, contains="personal data")
    assert "profile link" in warning.text
    await t.wait_idle()
    assert not [m for m in t.bot_messages(ardit) if "pune_italia" in m.text], "held"
    await t.press_button(blerta, "It is needed, send it", message=warning)
    answer = await t.wait_for_message(ardit, contains="instagram.com/pune_italia_2026")
    assert "Blerta" in answer.text
    async with ura.sessions() as session:
        assert await session.scalar(select(Draft)) is None, "nothing held any more"


async def test_an_agenda_naming_a_car_is_held_and_edited(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    said = await t.send_text(boss, "/meeting")
    picker = await t.wait_for_message(boss, contains="1/7", after=said)
    await t.press_button(boss, "Durrës", message=picker)
    await ticked(ura, picker, "Durrës")
    await t.press_button(boss, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(boss, contains="2/7", after=said)
    said = await t.send_text(boss, "Tryeza e Durrësit")
    await t.wait_for_message(boss, contains="3/7", after=said)
    said = await t.send_text(boss, "3.12.2026 10:00")
    await t.wait_for_message(boss, contains="4/7", after=said)
    await t.press_button(boss, "1 orë e gjysmë")
    said = await t.wait_for_message(boss, contains="5/7", after=said)
    said = await t.send_text(boss, "Prefektura Durrës, salla 2")
    await t.wait_for_message(boss, contains="6/7", after=said)
    said = await t.send_text(boss, "1. Furgoni AA 123 BB në port\n2. Strehimi")
    warning = await t.wait_for_message(boss, contains="të dhëna personale", after=said)
    assert "targë automjeti" in warning.text
    await t.press_button(boss, "✏️ Ndryshoni tekstin", message=warning)
    await t.wait_for_message(boss, contains="shkruani tekstin përsëri", after=warning)
    said = await t.send_text(boss, "1. Rastet në port\n2. Strehimi")
    summary = await t.wait_for_message(boss, contains="7/7", after=said)
    assert "Rastet në port" in summary.text
    assert "AA 123 BB" not in summary.text

"""Stories of working on alerts: acting, notes, release, referral, reminders, the guard,
hostile text, one-line alerts and /alerts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.sandbox.telegram import FakeUser
from storage.models import Alert, AlertEvent, AlertReferral
from tests.alerts.test_alerts import people, raise_alert
from tests.ura import Ura


async def one_line(ura: Ura, user: FakeUser, line: str) -> None:
    await ura.telegram.send_text(user, f"/alert {line}")
    await ura.telegram.wait_for_message(user, contains="Përmbledhje")
    await ura.telegram.press_button(user, "📤 Dërgoni")


async def act(ura: Ura, user: FakeUser) -> None:
    card = await ura.telegram.wait_for_message(user, contains="Sinjalizim #1")
    query = await ura.telegram.press_button(user, "🙋 E marr përsipër", message=card)
    await ura.telegram.wait_for_callback_answer(query)
    await ura.telegram.wait_for_edit(card, contains=user.display_name)
    assert "📝 Shënim" in sum(card.buttons, [])


async def test_a_note_reaches_the_sender_and_the_others_acting(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await act(ura, cast.police)
    await act(ura, cast.social)
    own = await t.wait_for_message(cast.ngo, contains="Sinjalizim #1")
    await t.wait_for_edit(
        own,
        contains="E kanë marrë përsipër: Ardit Policia (Policia e Durrësit), Sonila SHSSH",
    )
    await t.press_button(cast.police, "📝 Shënim")
    await t.wait_for_message(cast.police, contains="Shkruani shënimin")
    await t.send_text(cast.police, "Patrulla e gjeti; ende duhet strehim.")
    await t.wait_for_message(cast.police, contains="Shënimi u shtua")
    note = await t.wait_for_message(cast.ngo, contains="Shënim për sinjalizimin #1")
    assert "ende duhet strehim" in note.text
    await t.wait_for_message(cast.social, contains="ende duhet strehim")
    await t.wait_idle()
    assert not [m for m in t.bot_messages(cast.school) if "ende duhet strehim" in m.text]
    assert not [m for m in t.bot_messages(cast.police) if "ende duhet strehim" in m.text]


async def test_a_release_tells_the_others_and_rearms_escalation(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await act(ura, cast.police)
    ura.clock.advance(timedelta(minutes=30))
    assert await ura.tick() == 0, "someone is acting: no escalation"
    await t.press_button(cast.police, "🔓 Heq dorë")
    released = "Ardit Policia (Policia e Durrësit) hoqi dorë nga sinjalizimi #1"
    await t.wait_for_message(cast.ngo, contains=released)
    await t.wait_for_message(ura.coordinator, contains="hoqi dorë nga sinjalizimi #1")
    ura.clock.advance(timedelta(minutes=15))
    assert await ura.tick() == 1
    escalated = await t.wait_for_message(cast.health, contains="përshkallëzuar")
    assert "dikush hoqi dorë dhe askush nuk e ka marrë përsipër prej 15 min" in escalated.text


async def test_the_stale_reminder_fires_once(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await act(ura, cast.social)
    ura.clock.advance(timedelta(hours=24))
    assert await ura.tick() == 1
    await t.wait_for_message(cast.social, contains="pa asnjë shënim")
    await t.wait_for_message(ura.coordinator, contains="pa asnjë shënim")
    ura.clock.advance(timedelta(hours=48))
    assert await ura.tick() == 0
    await t.wait_idle()
    assert len([m for m in t.bot_messages(cast.social) if "pa asnjë shënim" in m.text]) == 1


async def test_a_referral_is_accepted_by_the_other_agency_and_the_sender_sees_the_holder(
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
    await t.send_text(cast.police, "Fëmija ka nevojë për strehim & kujdes")
    await t.wait_for_message(cast.police, contains="u referua te sektori Shërbimi Social Shtetëror")
    referral = await t.wait_for_message(cast.social, contains="Referim i sinjalizimit #1")
    assert "strehim & kujdes" in referral.text
    await t.press_button(cast.social, "✅ Pranoni", message=referral)
    await t.wait_for_edit(referral, contains="Pranuar nga Sonila SHSSH")
    holder = "Tani e trajton sektori: Shërbimi Social Shtetëror"
    told = await t.wait_for_message(cast.ngo, contains=holder)
    assert "Sonila SHSSH" in told.text
    await t.wait_for_message(cast.police, contains="e pranoi referimin")
    own = await t.wait_for_message(cast.ngo, contains="Sinjalizim #1")
    await t.wait_for_edit(own, contains="Tani e trajton sektori: Shërbimi Social Shtetëror")
    async with ura.sessions() as session:
        stored = await session.scalar(select(AlertReferral))
        kinds = (await session.scalars(select(AlertEvent.kind).order_by(AlertEvent.id))).all()
    assert stored is not None
    assert stored.status == "accepted"
    assert "referred" in kinds
    assert "referral_accepted" in kinds


async def test_the_guard_catches_a_phone_number_and_an_albanian_id(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(
        cast.ngo, "/alert durres femije urgjent Nëna: 069 123 4567, numri personal J12345678A"
    )
    warning = await t.wait_for_message(cast.ngo, contains="të dhëna personale")
    assert "numër telefoni: 069 123 4567" in warning.text
    assert "numër personal: J12345678A" in warning.text
    await t.press_button(cast.ngo, "✏️ Ndryshoni përshkrimin")
    await t.wait_for_message(cast.ngo, contains="4/5")
    await t.send_text(cast.ngo, "Një fëmijë lyp natën pranë portit.")
    await t.wait_for_message(cast.ngo, contains="5/5")
    await t.press_button(cast.ngo, "⏭ Kapërceni")
    summary = await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    assert "069" not in summary.text


async def test_hostile_text_arrives_intact(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    text = "<b>jo bold</b> & <script>x</script> 🚨👧🏽 " + "fjalë " * 830
    assert len(text) > 5000
    await raise_alert(ura, cast.ngo, text=text)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    assert "<b>jo bold</b> & <script>x</script> 🚨👧🏽" in card.text
    assert "Teksti i plotë më poshtë" in card.text
    full = await t.wait_for_message(cast.police, contains="Teksti i plotë i sinjalizimit #1")
    rest = await t.wait_for_message(cast.police, contains="fjalë", after=full)
    received = (full.text + " " + rest.text).split()
    assert "<b>jo" in received
    assert "<script>x</script>" in received
    assert received.count("fjalë") == 830, "split in two messages, nothing lost"
    async with ura.sessions() as session:
        alert = await session.scalar(select(Alert))
    assert alert is not None
    assert alert.description == text.strip()


async def test_alerts_lists_what_each_role_may_see(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await one_line(ura, cast.ngo, "durres child urgent Një fëmijë lyp natën pranë portit.")
    await t.wait_for_message(cast.ngo, contains="u dërgua")
    await one_line(ura, cast.tirana_police, "tirane rekrutim normal Oferta pune të dyshimta.")
    await t.wait_for_message(cast.tirana_police, contains="u dërgua")
    await t.send_text(ura.coordinator, "/alerts")
    both = await t.wait_for_message(ura.coordinator, contains="Sinjalizimet e hapura")
    assert "#1" in both.text
    assert "#2" in both.text
    await t.send_text(cast.police, "/alerts")
    durres = await t.wait_for_message(cast.police, contains="Sinjalizimet e hapura")
    assert "#1" in durres.text
    assert "#2" not in durres.text
    await t.send_text(cast.health, "/alerts")  # in Durrës, but #1 was not routed to health
    await t.wait_for_message(cast.health, contains="Nuk ka sinjalizime të hapura")
    await t.send_text(cast.tirana_police, "/alerts")
    tirana = await t.wait_for_message(cast.tirana_police, contains="Sinjalizimet e hapura")
    assert "#2" in tirana.text
    assert "#1" not in tirana.text
    await t.press_button(cast.police, "#1", message=durres)
    history = await t.wait_for_message(cast.police, contains="Historiku")
    assert "Alba NGO e dërgoi" in history.text


async def test_with_nobody_matching_the_coordinators_receive_it_and_the_sender_is_told(
    ura: Ura,
) -> None:
    t = ura.telegram
    lonely = t.add_user(first_name="Drita")
    await ura.join(lonely, groups=("kukes",))
    await one_line(ura, lonely, "kukes missing normal Një i ri nuk është kthyer prej 3 ditësh.")
    await t.wait_for_message(
        lonely, contains="Në këtë qark askush nuk merr sinjalizime të kësaj kategorie"
    )
    await t.wait_for_message(ura.coordinator, contains="Sinjalizim #1")


async def test_a_half_filled_alert_survives_a_restart(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.ngo, "/alert")
    await t.wait_for_message(cast.ngo, contains="1/5")
    await t.press_button(cast.ngo, "Durrës")
    await t.wait_for_message(cast.ngo, contains="2/5")
    await ura.restart()
    await t.press_button(cast.ngo, "Person i zhdukur")
    await t.wait_for_message(cast.ngo, contains="3/5")


async def test_a_reply_to_the_card_is_a_note_when_the_replier_is_acting(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    await act(ura, cast.police)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    await t.send_text(cast.police, "Jemi në vend.", reply_to=card)
    await t.wait_for_message(cast.police, contains="Shënimi u shtua")
    note = await t.wait_for_message(cast.ngo, contains="Shënim për sinjalizimin #1")
    assert "Jemi në vend." in note.text
    other = await t.wait_for_message(cast.social, contains="Sinjalizim #1")
    await t.send_text(cast.social, "Edhe unë?", reply_to=other)
    await t.wait_for_message(cast.social, contains="vetëm ata që e kanë marrë përsipër")
    await t.send_text(cast.police, "   ", reply_to=card)
    await t.wait_for_message(cast.police, contains="Nuk ka tekst")

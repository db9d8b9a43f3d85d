"""Escalation that informs, not clutters: one live card per person (later steps edit it), a
nudge to those who hold it and have not acknowledged, a short word to the sender."""

from __future__ import annotations

from datetime import timedelta

from tests.alerts.test_alerts import cards, people, raise_alert
from tests.ura import Ura


async def test_two_escalation_steps_leave_one_card_each_and_tell_sender_and_holders(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    police = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    boss = await t.wait_for_message(ura.coordinator, contains="Sinjalizim #1")
    ura.clock.advance(timedelta(minutes=15))
    assert await ura.tick() == 1
    await t.wait_for_message(cast.health, contains="Sinjalizim #1")  # a new recipient's card
    told = await t.wait_for_message(cast.ngo, contains="nuk është marrë ende në dijeni")
    assert "Sinjalizimi juaj #1" in told.text
    assert "zyra e koordinatorit, komiteti: Durrës" in told.text
    nudge = await t.wait_for_message(cast.police, contains="përshkallëzuar", after=police)
    assert "Karta juaj më lart" in nudge.text
    assert nudge.buttons == [], "a nudge, not a second live card"
    await t.wait_for_edit(boss, contains="Përshkallëzuar (hapi 1)")
    ura.clock.advance(timedelta(minutes=15))
    assert await ura.tick() == 1
    await t.wait_for_message(
        ura.coordinator, contains="askush nuk e ka marrë në dijeni prej 30 min"
    )
    await t.wait_for_message(cast.ngo, contains="u përshkallëzua te: zyra e koordinatorit.")
    await t.wait_idle()
    assert len(cards(ura, ura.coordinator)) == 1, "one live card for the coordinator"
    assert len(cards(ura, cast.police)) == 1
    assert len(cards(ura, cast.health)) == 1
    nudges = [m for m in t.bot_messages(cast.police) if "Karta juaj më lart" in m.text]
    assert len(nudges) == 2, "nudged at each step while not acknowledged"


async def test_after_a_release_the_sender_hears_nobody_has_it_in_hand(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo, text="Një djalë rreth 9 vjeç fle në stacion prej tri netësh.")
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    await t.press_button(cast.police, "🙋 E marr përsipër", message=card)
    await t.wait_for_edit(card, contains="🙋 E kanë marrë përsipër")
    await t.press_button(cast.police, "🔓 Heq dorë", message=card)
    await t.wait_idle()
    ura.clock.advance(timedelta(minutes=15))
    assert await ura.tick() == 1
    await t.wait_for_message(cast.ngo, contains="nuk e ka ende në dorë askush")
    await t.wait_for_message(cast.police, contains="Karta juaj më lart")
    await t.wait_idle()
    told = [m for m in t.bot_messages(cast.ngo) if "Sinjalizimin tuaj #1" in m.text]
    assert len(told) == 1
    assert "nuk e ka ende në dorë askush" in told[0].text
    nudge = [m for m in t.bot_messages(cast.police) if "Karta juaj më lart" in m.text]
    assert len(nudge) == 1, "the one who let it go is reminded"
    assert len(cards(ura, ura.coordinator)) == 1
    assert len(cards(ura, cast.police)) == 1

"""Used buttons go away: a summary or preview, once answered, shows the outcome and no
buttons, so nobody presses Send twice and meets "this question is closed"."""

from __future__ import annotations

from tests.alerts.test_alerts import people, raise_alert
from tests.broadcasts.test_broadcasts import SEND_NOW, committee, write
from tests.ura import Ura


async def test_the_alert_summary_shows_it_was_sent_and_offers_nothing_more(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    summary = await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.wait_for_edit(summary, contains="📤 U dërgua si sinjalizimi #1.")
    assert summary.buttons == []
    assert "Përmbledhje" in summary.text, "what was sent stays readable"


async def test_a_cancelled_alert_summary_says_so_without_buttons(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.ngo, "/alert")
    await t.wait_for_message(cast.ngo, contains="1/5")
    await t.press_button(cast.ngo, "Durrës")
    await t.wait_for_message(cast.ngo, contains="2/5")
    await t.press_button(cast.ngo, "Fëmijë në rrezik")
    await t.wait_for_message(cast.ngo, contains="3/5")
    await t.press_button(cast.ngo, "🔴 Urgjent")
    await t.wait_for_message(cast.ngo, contains="4/5")
    await t.send_text(cast.ngo, "Një djalë rreth 10 vjeç lyp pranë stacionit çdo mbrëmje.")
    await t.wait_for_message(cast.ngo, contains="5/5")
    await t.press_button(cast.ngo, "⏭ Kapërceni")
    summary = await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    cancel = next(b for row in summary.buttons for b in row if "Anulo" in b)
    await t.press_button(cast.ngo, cancel, message=summary)
    await t.wait_for_edit(summary, contains="✖️ U anulua.")
    assert summary.buttons == []


async def test_the_broadcast_preview_shows_it_was_sent_and_offers_nothing_more(ura: Ura) -> None:
    t = ura.telegram
    await committee(ura)
    preview = await write(ura, "Mbledhja është të enjten në 10:00.")
    await t.wait_idle()  # a person reads before pressing; Ura has recorded what it sent
    await t.press_button(ura.coordinator, SEND_NOW, message=preview)
    await t.wait_for_edit(preview, contains="📤 U dërgua si njoftimi #1.")
    assert preview.buttons == []
    assert "Mbledhja është të enjten" in preview.text

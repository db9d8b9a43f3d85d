"""The exchange log is complete: alerts, their notes, meetings and broadcasts are all in it."""

from __future__ import annotations

from sqlalchemy import select

from storage.exchange import ExchangeEntry
from tests.alerts.test_alerts import people
from tests.broadcasts.test_broadcasts import SEND_NOW, write
from tests.meetings.test_meetings import schedule
from tests.ura import Ura


async def test_alerts_meetings_and_broadcasts_are_logged_and_found(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.ngo, "/alert durres missing normal Një vajzë mungon nga shkolla.")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "📤 Dërgoni")
    await t.wait_for_message(cast.ngo, contains="u dërgua te")
    preview = await write(ura, "Takim i përbashkët me prokurorinë të premten")
    await t.press_button(ura.coordinator, SEND_NOW, message=preview)
    await schedule(ura, title="Tryeza për mbrojtjen e fëmijëve")
    await t.wait_idle()
    async with ura.sessions() as session:
        kinds = set((await session.scalars(select(ExchangeEntry.kind))).all())
    assert {"alert", "meeting", "broadcast"} <= kinds
    await t.send_text(cast.police, "/search vajze")
    found = await t.wait_for_message(cast.police, contains="🔎")
    assert "Një vajzë mungon" in found.text
    await t.send_text(cast.police, "/search femijeve")
    found = await t.wait_for_message(cast.police, contains="🔎", after=found)
    assert "Tryeza për mbrojtjen e fëmijëve" in found.text
    await t.send_text(cast.tirana_police, "/search vajze")
    await t.wait_for_message(cast.tirana_police, contains="Asgjë")

"""Roundtables whose every copy tells the truth: calendar files any calendar understands,
reminders that follow a move or a cancellation, answers that are asked again when it matters."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.sandbox.telegram import FakeMessage
from storage.models import MeetingInvitee
from tests.meetings.test_meetings import calendar_of, schedule
from tests.meetings.test_meetings_time import START, answer, three_invitees
from tests.ura import Ura


async def cancel(ura: Ura, card: FakeMessage) -> None:
    t = ura.telegram
    await t.press_button(ura.coordinator, "🚫 Anuloni tryezën", message=card)
    sure = await t.wait_for_message(ura.coordinator, contains="Ta anuloj")
    await t.press_button(ura.coordinator, "🚫 Po, anuloje", message=sure)


async def move(ura: Ura, card: FakeMessage, when: str) -> None:
    t = ura.telegram
    await t.press_button(ura.coordinator, "🕒 Ndryshoni orën", message=card)
    asked = await t.wait_for_message(ura.coordinator, contains="Ora e re")
    await t.send_text(ura.coordinator, when)
    await t.wait_for_message(ura.coordinator, contains="u zhvendos", after=asked)


async def test_every_calendar_file_names_the_office_and_a_cancellation_its_reader(
    ura: Ura,
) -> None:
    await ura.reconfigure(
        organizer_name="Zyra e Koordinatorit Kombëtar", organizer_email="zyra@example.al"
    )
    t = ura.telegram
    ardit, _, _ = await three_invitees(ura)
    card = await schedule(ura)
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    published = calendar_of(await t.wait_for_message(ardit, contains="kalendar", after=notice))
    (event,) = published.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:zyra@example.al"
    assert event["ORGANIZER"].params["CN"] == "Zyra e Koordinatorit Kombëtar"
    assert "ATTENDEE" not in event, "RFC 5546: no ATTENDEE in a PUBLISH"
    await cancel(ura, card)
    cancelled = await t.wait_for_message(ardit, contains="Tryeza u anulua", after=notice)
    gone = calendar_of(await t.wait_for_message(ardit, contains="Hiqeni", after=cancelled))
    assert str(gone["METHOD"]) == "CANCEL"
    (event,) = gone.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:zyra@example.al"
    attendee = event["ATTENDEE"]
    assert not isinstance(attendee, list), "only the reader of this copy, nobody else"
    assert attendee.params["CN"] == "Ardit"
    assert str(attendee).startswith("urn:x-ura:member:")


async def test_reminders_follow_a_move_and_lose_their_buttons_once_cancelled(ura: Ura) -> None:
    t = ura.telegram
    ardit, _, besa = await three_invitees(ura)
    card = await schedule(ura)  # 3.12.2026 10:00
    ura.clock.set(START - timedelta(hours=24))
    assert await ura.tick() == 1
    reminder = await t.wait_for_message(besa, contains="Kujtesë")
    assert reminder.buttons == [["✅ Po", "❌ Jo", "❔ Ndoshta"]]
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    theirs = await t.wait_for_message(ardit, contains="Kujtesë")
    await move(ura, card, "3.12.2026 12:00")
    await t.wait_for_edit(reminder, contains="03.12.2026 12:00")  # the older copies show it
    await t.wait_for_edit(theirs, contains="03.12.2026 12:00")
    await t.wait_for_edit(notice, contains="03.12.2026 12:00")
    assert "03.12.2026 10:00" not in reminder.text
    await cancel(ura, card)
    await t.wait_for_edit(reminder, contains="Tryeza u anulua")
    await t.wait_for_edit(theirs, contains="Tryeza u anulua")
    assert reminder.buttons == [], "nobody answers a cancelled roundtable"
    assert theirs.buttons == []


async def test_answering_on_a_reminder_shows_the_answer_on_it(ura: Ura) -> None:
    t = ura.telegram
    _, _, besa = await three_invitees(ura)
    await schedule(ura)
    ura.clock.set(START - timedelta(hours=24))
    assert await ura.tick() == 1
    reminder = await t.wait_for_message(besa, contains="Kujtesë")
    await t.press_button(besa, "✅ Po", message=reminder)
    await t.wait_for_edit(reminder, contains="Po, vij")
    assert reminder.buttons == []


async def test_a_move_within_the_day_keeps_the_answers(ura: Ura) -> None:
    t = ura.telegram
    ardit, _, _ = await three_invitees(ura)
    card = await schedule(ura)  # 3.12.2026 10:00
    await answer(ura, ardit, "✅ Po", card, "✅ Vijnë: 1")
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    await move(ura, card, "3.12.2026 15:00")
    moved = await t.wait_for_message(ardit, contains="Tryeza u zhvendos", after=notice)
    assert "Po, vij" in moved.text
    assert "përgjigjuni sërish" not in moved.text
    await t.wait_for_edit(card, contains="✅ Vijnë: 1")


async def test_a_move_to_another_day_asks_again_and_shows_the_earlier_answer(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara, _ = await three_invitees(ura)
    card = await schedule(ura)  # 3.12.2026 10:00
    await answer(ura, ardit, "✅ Po", card, "✅ Vijnë: 1")
    await answer(ura, sara, "❌ Jo", card, "❌ Nuk vijnë: 1")
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    await move(ura, card, "4.12.2026 10:00")
    moved = await t.wait_for_message(ardit, contains="Tryeza u zhvendos", after=notice)
    assert "Përgjigjja juaj për ditën e mëparshme: Po, vij" in moved.text
    assert "Ju lutemi përgjigjuni sërish" in moved.text
    assert moved.buttons == [["✅ Po", "❌ Jo", "❔ Ndoshta"]]
    await t.wait_for_edit(
        card, contains="⏳ Pa përgjigje: 3"
    )  # nobody has answered for the new day
    async with ura.sessions() as session:
        stored = {
            i.member_id: (i.response, i.previous_response)
            for i in (await session.scalars(select(MeetingInvitee))).all()
        }
    assert sorted(stored.values(), key=str) == sorted(
        [(None, "yes"), (None, "no"), (None, None)], key=str
    )
    await t.press_button(ardit, "❔ Ndoshta", message=moved)
    await t.wait_for_edit(moved, contains="Ndoshta")
    assert "ditën e mëparshme" not in moved.text

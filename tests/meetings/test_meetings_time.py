"""Stories of roundtables over time: reminders, restarts and downtime, moving and cancelling,
attendance and follow-up actions. The clock is the test's; timers fire on ura.tick()."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.sandbox.telegram import FakeMessage, FakeUser
from storage.models import AuditEvent, MeetingAction, Timer
from tests.meetings.test_meetings import calendar_of, schedule
from tests.ura import Ura

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # "3.12.2026 10:00" in Tirana


async def three_invitees(ura: Ura) -> tuple[FakeUser, FakeUser, FakeUser]:
    """Ardit says yes, Sara says no, Besa does not answer."""
    t = ura.telegram
    ardit, sara, besa = (t.add_user(first_name=n) for n in ("Ardit", "Sara", "Besa"))
    await ura.join(ardit)
    await ura.join(sara, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    await ura.join(besa, org="Bashkia Durrës", agency=Agency.LOCAL_GOVERNMENT)
    return ardit, sara, besa


async def answer(ura: Ura, user: FakeUser, label: str, card: FakeMessage, shows: str) -> None:
    notice = await ura.telegram.wait_for_message(user, contains="Ftesë për tryezë")
    await ura.telegram.press_button(user, label, message=notice)
    await ura.telegram.wait_for_edit(card, contains=shows)


def reminders(ura: Ura, user: FakeUser) -> list[FakeMessage]:
    return [m for m in ura.telegram.bot_messages(user) if "Kujtesë" in m.text]


async def test_reminders_at_each_offset_reach_exactly_those_who_did_not_decline(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara, besa = await three_invitees(ura)
    card = await schedule(ura)
    await answer(ura, ardit, "✅ Po", card, "✅ Vijnë: 1")
    await answer(ura, sara, "❌ Jo", card, "❌ Nuk vijnë: 1")
    ura.clock.set(START - timedelta(hours=24, minutes=1))
    assert await ura.tick() == 0
    ura.clock.set(START - timedelta(hours=24))
    assert await ura.tick() == 1
    first = await t.wait_for_message(besa, contains="Kujtesë")
    assert "✅ Vijnë: 1 · ❌ Nuk vijnë: 1 · ❔ Ndoshta: 0 · ⏳ Pa përgjigje: 1" in first.text
    assert first.buttons == [["✅ Po", "❌ Jo", "❔ Ndoshta"]], "those who did not answer can now"
    mine = await t.wait_for_message(ardit, contains="Kujtesë")
    assert "Po, vij" in mine.text
    summary = await t.wait_for_message(ura.coordinator, contains="Përmbledhje para tryezës")
    assert "⏳ Besa" in summary.text
    assert "❌ Sara" in summary.text
    ura.clock.set(START - timedelta(hours=1))
    assert await ura.tick() == 1
    await t.wait_for_message(besa, contains="Kujtesë", after=first)
    await t.wait_for_message(ardit, contains="Kujtesë", after=mine)
    await t.wait_for_message(ura.coordinator, contains="Përmbledhje", after=summary)
    ura.clock.set(START + timedelta(hours=2))
    assert await ura.tick() == 0
    await t.wait_idle()
    assert (len(reminders(ura, ardit)), len(reminders(ura, besa))) == (2, 2)
    assert reminders(ura, sara) == []
    assert not any("me vonesë" in m.text for m in reminders(ura, besa))


async def test_a_restart_between_scheduling_and_the_reminder_loses_nothing(ura: Ura) -> None:
    t = ura.telegram
    ardit, _, _ = await three_invitees(ura)
    await schedule(ura)
    await ura.restart()
    ura.clock.set(START - timedelta(hours=24))
    await ura.tick()
    reminder = await t.wait_for_message(ardit, contains="Kujtesë")
    assert "me vonesë" not in reminder.text


async def test_a_reminder_missed_while_down_goes_out_late_before_the_start_and_never_after(
    ura: Ura,
) -> None:
    t = ura.telegram
    ardit, _, besa = await three_invitees(ura)
    await schedule(ura)
    await ura.stop()
    ura.clock.set(START - timedelta(hours=18))  # the 24-hour reminder was due 6 hours ago
    await ura.start()
    await ura.tick()  # the start-up tick may have fired it already; never twice
    late = await t.wait_for_message(ardit, contains="Kujtesë (me vonesë)")
    assert "Tryeza e Durrësit" in late.text
    await t.wait_for_message(ura.coordinator, contains="(me vonesë)")
    await ura.stop()
    ura.clock.set(START + timedelta(minutes=30))  # the 1-hour one passed, and so did the start
    await ura.start()
    await ura.tick()
    await t.wait_idle()
    assert len(reminders(ura, ardit)) == 1
    assert len(reminders(ura, besa)) == 1
    async with ura.sessions() as session:
        skipped = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "meeting.reminder_skipped")
            )
        ).all()
        left = (await session.scalars(select(Timer).where(Timer.state == "pending"))).all()
    assert len(skipped) == 1
    assert left == []


async def test_moving_and_cancelling_tell_everyone_and_update_the_calendar(ura: Ura) -> None:
    t = ura.telegram
    ardit, _, _ = await three_invitees(ura)
    card = await schedule(ura)
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    first_ics = calendar_of(await t.wait_for_message(ardit, contains="kalendar", after=notice))
    uid = str(first_ics.walk("VEVENT")[0]["UID"])
    await t.press_button(ura.coordinator, "🕒 Ndryshoni orën", message=card)
    await t.wait_for_message(ura.coordinator, contains="Ora e re")
    await t.send_text(ura.coordinator, "5.12.2026 11:30")
    await t.wait_for_message(ura.coordinator, contains="05.12.2026 11:30")
    moved = await t.wait_for_message(ardit, contains="Tryeza u zhvendos", after=notice)
    assert "05.12.2026 11:30" in moved.text
    moved_ics = calendar_of(await t.wait_for_message(ardit, contains="kalendar", after=moved))
    await t.wait_for_edit(notice, contains="05.12.2026 11:30")  # the first copy shows it too
    event = moved_ics.walk("VEVENT")[0]
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == datetime(2026, 12, 5, 10, 30, tzinfo=UTC)
    await t.wait_for_edit(card, contains="05.12.2026 11:30")
    async with ura.sessions() as session:
        due = sorted(
            timer.due_at
            for timer in (await session.scalars(select(Timer).where(Timer.state == "pending")))
        )
    new_start = datetime(2026, 12, 5, 10, 30, tzinfo=UTC)
    assert due == [new_start - timedelta(hours=24), new_start - timedelta(hours=1)]
    await t.press_button(ura.coordinator, "🚫 Anuloni tryezën", message=card)
    sure = await t.wait_for_message(ura.coordinator, contains="Ta anuloj")
    await t.press_button(ura.coordinator, "🚫 Po, anuloje", message=sure)
    cancelled = await t.wait_for_message(ardit, contains="Tryeza u anulua", after=moved)
    gone = calendar_of(await t.wait_for_message(ardit, contains="Hiqeni", after=cancelled))
    assert str(gone["METHOD"]) == "CANCEL"
    event = gone.walk("VEVENT")[0]
    assert (str(event["UID"]), int(event["SEQUENCE"]), str(event["STATUS"])) == (
        uid,
        2,
        "CANCELLED",
    )
    await t.wait_for_edit(card, contains="e anuluar")
    await t.wait_for_edit(notice, contains="Tryeza u anulua")
    assert notice.buttons == []
    ura.clock.set(new_start - timedelta(hours=1))
    assert await ura.tick() == 0


async def test_attendance_and_follow_up_actions_with_due_date_reminders(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara, _ = await three_invitees(ura)
    card = await schedule(ura)
    ura.clock.set(START + timedelta(hours=2))
    assert await ura.tick() == 2  # both reminders, claimed and skipped: the meeting began
    await t.press_button(ura.coordinator, "🧾 Pjesëmarrja", message=card)
    sheet = await t.wait_for_message(ura.coordinator, contains="Të pranishëm: 0/3")
    await t.press_button(ura.coordinator, "▫️ Ardit", message=sheet)
    await t.wait_for_edit(sheet, contains="Të pranishëm: 1/3")
    assert ["✅ Ardit"] in [[b for b in row if "Ardit" in b] for row in sheet.buttons]
    await t.press_button(ura.coordinator, "➕ Detyrë", message=card)
    await t.wait_for_message(ura.coordinator, contains="1/3")
    await t.send_text(ura.coordinator, "Raport për strehimin e viktimave")
    owner_prompt = await t.wait_for_message(ura.coordinator, contains="2/3")
    await t.press_button(ura.coordinator, "Ardit", message=owner_prompt)
    await t.wait_for_message(ura.coordinator, contains="3/3")
    await t.send_text(ura.coordinator, "10.12.2026")
    await t.wait_for_message(ura.coordinator, contains="Detyra u regjistrua")
    assigned = await t.wait_for_message(ardit, contains="Detyrë e re për ju")
    assert "10.12.2026" in assigned.text
    await t.send_text(ardit, "/actions")
    listing = await t.wait_for_message(ardit, contains="Detyrat tuaja të hapura")
    assert "Raport për strehimin" in listing.text
    ura.clock.set(datetime(2026, 12, 10, 7, 59, tzinfo=UTC))
    assert await ura.tick() == 0
    ura.clock.set(datetime(2026, 12, 10, 8, 0, tzinfo=UTC))  # 09:00 in Tirana
    assert await ura.tick() == 1
    due = await t.wait_for_message(ardit, contains="Sot është afati")
    query = await t.press_button(ardit, "✅ U krye", message=due)
    await t.wait_for_callback_answer(query)
    await t.wait_for_edit(due, contains="Kryer")
    await t.wait_for_edit(assigned, contains="Kryer")
    await t.send_text(ardit, "/actions")
    await t.wait_for_message(ardit, contains="Nuk keni detyra", after=listing)
    await t.send_text(sara, "/actions")
    await t.wait_for_message(sara, contains="Nuk keni detyra")
    async with ura.sessions() as session:
        action = await session.scalar(select(MeetingAction))
    assert action is not None
    assert action.status == "done"

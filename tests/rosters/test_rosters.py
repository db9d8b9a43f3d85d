"""Stories of duty rosters in Durrës: who an urgent alert wakes at night, covers that begin
and end on time, swaps that need both people, gaps announced a day ahead, shift reminders
once, and one's shifts in a calendar file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.members import directory
from bot.reports import parse_period
from bot.reports.figures import build
from bot.rosters import notify, rotations
from bot.rosters.model import Period
from bot.sandbox.telegram import FakeMessage, FakeUser
from storage.models import AlertOnDuty, AlertRecipient, Group
from tests.alerts.test_alerts import raise_alert
from tests.ura import Ura

TIRANE = ZoneInfo("Europe/Tirane")
SUNDAY_NIGHT = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)  # 02:00 in Tirana
MONDAY_MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10:00, within working hours


@dataclass
class Durres:
    ardit: FakeUser
    besnik: FakeUser
    sonila: FakeUser
    alba: FakeUser


async def people(ura: Ura) -> Durres:
    t = ura.telegram
    cast = Durres(
        ardit=t.add_user(first_name="Ardit", last_name="Policia"),
        besnik=t.add_user(first_name="Besnik", last_name="Policia"),
        sonila=t.add_user(first_name="Sonila", last_name="SHSSH"),
        alba=t.add_user(first_name="Alba", last_name="NGO"),
    )
    await ura.join(cast.ardit, org="Policia e Durrësit", agency=Agency.POLICE)
    await ura.join(cast.besnik, org="Policia e Durrësit", agency=Agency.POLICE)
    await ura.join(cast.sonila, org="SHSSH Durrës", agency=Agency.SOCIAL_SERVICE)
    await ura.join(cast.alba, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    return cast


async def police_rotation(ura: Ura, order: Sequence[FakeUser]) -> None:
    """As the coordinator saves it from the editor: daily, handing over at 08:00."""
    async with ura.sessions.begin() as session:
        actor = await directory.by_telegram_id(session, ura.coordinator.id)
        durres = await session.scalar(select(Group).where(Group.slug == "durres"))
        ids = [(await directory.by_telegram_id(session, u.id)).id for u in order]  # type: ignore[union-attr]
        assert actor is not None
        assert durres is not None
        await rotations.set_rotation(
            session, ura.clock.now(), actor, durres, "police", ids, Period.DAILY, time(8), TIRANE
        )
        await notify.plan_sweep(session, ura.clock.now())


async def reached(ura: Ura) -> set[int]:
    async with ura.sessions() as session:
        rows = await session.scalars(select(AlertRecipient.member_id))
        return set(rows.all())


async def member_id(ura: Ura, user: FakeUser) -> int:
    async with ura.sessions() as session:
        member = await directory.by_telegram_id(session, user.id)
        assert member is not None
        return member.id


async def test_an_urgent_alert_at_night_wakes_the_officer_on_duty_and_escalates_to_the_rest(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(SUNDAY_NIGHT)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    await raise_alert(ura, cast.alba)
    card = await t.wait_for_message(cast.ardit, contains="Sinjalizim #1")
    assert "Jashtë orarit, në kujdestari: Ardit Policia (Policia e Durrësit)" in card.text
    await t.wait_for_message(cast.sonila, contains="Sinjalizim #1"), "no rotation: everyone"
    await t.wait_idle()
    assert not [m for m in t.bot_messages(cast.besnik) if "Sinjalizim #1" in m.text]
    ardit, besnik = await member_id(ura, cast.ardit), await member_id(ura, cast.besnik)
    assert besnik not in await reached(ura)
    async with ura.sessions() as session:
        stored = (await session.scalars(select(AlertOnDuty))).all()
        assert [(d.member_id, d.agency, d.outside_hours) for d in stored] == [
            (ardit, "police", True)
        ]

    ura.clock.advance(timedelta(minutes=15))
    await ura.tick()
    await t.wait_for_message(cast.besnik, contains="Sinjalizim #1")

    # The monitoring report counts it, and how fast the member on duty acknowledged.
    await t.press_button(cast.ardit, "✅ Mora dijeni")
    await t.wait_for_message(cast.alba, contains="marrë në dijeni nga Ardit")
    async with ura.sessions() as session:
        period = parse_period("2026-11", ura.clock.now(), TIRANE)
        window = timedelta(minutes=15)
        found = await build(session, period, ura.clock.now(), TIRANE, window)
    assert (found.on_duty_alerts, found.on_duty_ack.n, found.on_duty_ack.median) == (1, 1, 15.0)


async def test_within_working_hours_the_whole_sector_gets_it(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(MONDAY_MORNING)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    await raise_alert(ura, cast.alba)
    await t.wait_for_message(cast.ardit, contains="Sinjalizim #1")
    await t.wait_for_message(cast.besnik, contains="Sinjalizim #1")


async def test_a_cover_takes_effect_at_once_and_ends_on_time(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(MONDAY_MORNING)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    coordinator = ura.coordinator
    await t.send_text(coordinator, "/duty")
    await t.wait_for_message(coordinator, contains="Për cilin qark")
    await t.press_button(coordinator, "Durrës")
    view = await t.wait_for_message(coordinator, contains="Kujdestaria")
    assert "Policia: tani <b>Ardit Policia</b>" in view.html or "tani Ardit Policia" in view.text
    await t.press_button(coordinator, "➕ Zëvendësim: Policia")
    await t.wait_for_message(coordinator, contains="Kush e zëvendëson")
    await t.press_button(coordinator, "Besnik Policia")
    await t.wait_for_message(coordinator, contains="Nga kur?")
    await t.press_button(coordinator, "Sot")
    await t.wait_for_message(coordinator, contains="Për sa kohë?")
    await t.press_button(coordinator, "1 ditë")
    added = await t.wait_for_message(coordinator, contains="është kujdestar nga")
    assert "deri më 01.12 08:00" in added.text

    await t.send_text(cast.ardit, "/duty")
    mine = await t.wait_for_message(cast.ardit, contains="Kujdestaria")
    assert "tani Besnik Policia, zëvendësim" in mine.text
    ura.clock.set(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))  # 08:00 on Tuesday: the cover ended
    await t.send_text(cast.ardit, "/duty")
    after = await t.wait_for_message(cast.ardit, contains="Kujdestaria", after=mine)
    assert "zëvendësim" not in after.text
    assert "tani Besnik Policia (deri më 02.12 08:00); më pas: Ardit Policia" in after.text


async def test_a_swap_changes_nothing_until_the_colleague_accepts(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(MONDAY_MORNING)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    await t.send_text(cast.ardit, "/duty")
    await t.wait_for_message(cast.ardit, contains="Kujdestaria")
    await t.press_button(cast.ardit, "🔁 Ofroni turnin tuaj një kolegu")
    await t.wait_for_message(cast.ardit, contains="Cilit kolegu")
    await t.press_button(cast.ardit, "Besnik Policia")
    await t.wait_for_message(cast.ardit, contains="Turni mbetet i juaji derisa")
    offer = await t.wait_for_message(cast.besnik, contains="ju ofron turnin")
    assert offer.buttons == [["✅ E pranoj", "✖️ Nuk mundem"]]

    await t.send_text(cast.sonila, "/duty")
    before = await t.wait_for_message(cast.sonila, contains="Kujdestaria")
    assert "tani Ardit Policia" in before.text, "an offer alone changes nothing"
    await t.press_button(cast.besnik, "✅ E pranoj")
    await t.wait_for_message(cast.ardit, contains="e pranoi turnin tuaj")
    await t.send_text(cast.sonila, "/duty")
    after = await t.wait_for_message(cast.sonila, contains="Kujdestaria", after=before)
    assert "tani Besnik Policia" in after.text


async def test_a_gap_is_announced_a_day_ahead_once(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(MONDAY_MORNING)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    async with ura.sessions.begin() as session:
        actor = await directory.by_telegram_id(session, ura.coordinator.id)
        besnik = await directory.by_telegram_id(session, cast.besnik.id)
        assert actor is not None
        assert besnik is not None
        await directory.set_status(session, ura.clock.now(), actor, besnik, "suspended")
    await ura.tick()  # the sweep finds tomorrow's shift empty
    await ura.tick()
    gap = await t.wait_for_message(ura.coordinator, contains="Askush nuk është kujdestar")
    assert "nga 01.12 08:00 deri më 02.12 08:00" in gap.text
    ura.clock.advance(timedelta(minutes=20))
    await ura.restart()
    await ura.tick()
    await ura.tick()
    await t.wait_idle()
    gaps = [m for m in t.bot_messages(ura.coordinator) if "Askush nuk është kujdestar" in m.text]
    assert len(gaps) == 1


async def test_a_shift_reminder_arrives_an_hour_before_once_across_a_restart(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(MONDAY_MORNING)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    await ura.tick()  # the sweep plans tomorrow's reminder
    ura.clock.set(datetime(2026, 12, 1, 6, 0, tzinfo=UTC))  # 07:00 on Tuesday
    await ura.tick()
    reminder = await t.wait_for_message(cast.besnik, contains="Turni juaj i kujdestarisë")
    assert "fillon më 01.12 08:00" in reminder.text
    await ura.restart()
    ura.clock.advance(timedelta(minutes=20))
    await ura.tick()
    await t.wait_idle()
    sent = [m for m in t.bot_messages(cast.besnik) if "Turni juaj i kujdestarisë" in m.text]
    assert len(sent) == 1
    assert not [m for m in t.bot_messages(cast.ardit) if "Turni juaj" in m.text]


async def test_ones_shifts_come_as_a_calendar_file(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(MONDAY_MORNING)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    await t.send_text(cast.besnik, "/duty")
    await t.wait_for_message(cast.besnik, contains="Kujdestaria")
    await t.press_button(cast.besnik, "📅 Turnet e mia (kalendar)")
    message = await t.wait_for_message(cast.besnik, contains="Turnet tuaja")
    assert message.document is not None
    calendar = Calendar.from_ical(message.document.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 28, "every other day for eight weeks"
    first = events[0].decoded("DTSTART")
    assert str(first.tzinfo) == "Europe/Tirane"
    assert first == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert events[0].decoded("DTEND") - first == timedelta(hours=24)
    assert str(events[0]["SUMMARY"]) == "Kujdestari: Policia"


async def shows(ura: Ura, message: FakeMessage, label: str) -> None:
    """The editor's buttons, edited in place, show this label."""
    found = await ura.telegram.world.notifier.wait_until(
        lambda: label in [b for row in message.buttons for b in row], 5.0
    )
    assert found, f"{label!r} not among {message.buttons}"


async def test_the_coordinator_sets_a_rotation_with_taps_and_a_member_may_not(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(MONDAY_MORNING)
    coordinator = ura.coordinator
    await t.send_text(coordinator, "/duty")
    await t.wait_for_message(coordinator, contains="Për cilin qark")
    await t.press_button(coordinator, "Durrës")
    empty = await t.wait_for_message(coordinator, contains="nuk ka ende rotacion")
    await t.press_button(coordinator, "✏️ Ndryshoni rotacionin", message=empty)
    await t.wait_for_message(coordinator, contains="Rotacioni i cilit sektor")
    await t.press_button(coordinator, "Policia")
    editor = await t.wait_for_message(coordinator, contains="Shtypni emrat sipas radhës")
    await t.press_button(coordinator, "Besnik Policia", message=editor)
    await shows(ura, editor, "1. Besnik Policia")
    await t.press_button(coordinator, "Ardit Policia", message=editor)
    await shows(ura, editor, "2. Ardit Policia")
    await t.press_button(coordinator, "Çdo ditë", message=editor)
    await shows(ura, editor, "● Çdo ditë")
    await t.press_button(coordinator, "💾 Ruajeni", message=editor)
    await t.wait_for_message(coordinator, contains="Rotacioni u ruajt")
    view = await t.wait_for_message(coordinator, contains="Policia: tani", after=editor)
    assert "tani Besnik Policia (deri më 01.12 08:00); më pas: Ardit Policia" in view.text

    await t.send_text(cast.ardit, "/duty")
    mine = await t.wait_for_message(cast.ardit, contains="Kujdestaria")
    assert "✏️ Ndryshoni rotacionin" not in [b for row in mine.buttons for b in row]


async def test_escalation_follows_the_roster_to_the_next_on_duty_then_the_sector_and_chair(
    ura: Ura,
) -> None:
    from bot.alerts import escalation
    from bot.meetings import chairs as meeting_chairs

    t = ura.telegram
    cast = await people(ura)
    cira = t.add_user(first_name="Cira", last_name="Policia")
    await ura.join(cira, org="Policia e Durrësit", agency=Agency.POLICE)
    genta = t.add_user(first_name="Genta", last_name="Bashkia")  # chairs Durrës; not routed
    await ura.join(genta, org="Bashkia Durrës", agency=Agency.LOCAL_GOVERNMENT)
    ura.clock.set(SUNDAY_NIGHT)
    await police_rotation(ura, [cast.ardit, cast.besnik, cira])
    async with ura.sessions.begin() as session:
        chief = await directory.by_telegram_id(session, ura.coordinator.id)
        chair = await directory.by_telegram_id(session, genta.id)
        durres = await session.scalar(select(Group).where(Group.slug == "durres"))
        assert chief is not None
        assert chair is not None
        assert durres is not None
        await meeting_chairs.set_chair(session, ura.clock.now(), chief, chair, durres)
        steps = [
            {"delay": "15m", "to": ["on_duty_next"]},
            {"delay": "15m", "to": ["sector", "chair"]},
        ]
        await escalation.set_policy(session, ura.clock.now(), "region:durres", steps, None)
    await raise_alert(ura, cast.alba)
    await t.wait_for_message(cast.ardit, contains="Sinjalizim #1")
    await t.wait_idle()
    assert not [m for m in t.bot_messages(cast.besnik) if "Sinjalizim #1" in m.text]

    ura.clock.advance(timedelta(minutes=15))
    await ura.tick()
    await t.wait_for_message(cast.besnik, contains="Sinjalizim #1")  # next in the rotation
    await t.wait_idle()
    for later in (cira, genta):
        assert not [m for m in t.bot_messages(later) if "Sinjalizim #1" in m.text]

    ura.clock.advance(timedelta(minutes=15))
    await ura.tick()
    await t.wait_for_message(cira, contains="Sinjalizim #1")  # the whole sector
    await t.wait_for_message(genta, contains="Sinjalizim #1")  # and the region's chair


async def test_a_region_whose_hours_say_always_everyone_is_never_narrowed(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    ura.clock.set(SUNDAY_NIGHT)
    await police_rotation(ura, [cast.ardit, cast.besnik])
    coordinator = ura.coordinator
    await t.send_text(coordinator, "/duty")
    await t.wait_for_message(coordinator, contains="Për cilin qark")
    await t.press_button(coordinator, "Durrës")
    view = await t.wait_for_message(coordinator, contains="Kujdestaria")
    assert "e hënë–e premte, 08:00–16:00" in view.text, "the default hours"
    await t.press_button(coordinator, "🕗 Orari i punës", message=view)
    await t.wait_for_message(coordinator, contains="Orari i punës (grupi: Durrës)")
    await t.press_button(coordinator, "Gjithmonë te të gjithë (pa kujdestari)")
    again = await t.wait_for_message(
        coordinator, contains="Sinjalizimet shkojnë gjithmonë", after=view
    )
    assert "Kujdestaria" in again.text
    await raise_alert(ura, cast.alba)
    await t.wait_for_message(cast.ardit, contains="Sinjalizim #1")
    await t.wait_for_message(cast.besnik, contains="Sinjalizim #1")

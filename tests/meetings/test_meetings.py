"""Stories of roundtables: the notice with its calendar file, answers and the live tallies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.sandbox.telegram import FakeMessage, FakeUser
from storage.models import Meeting, MeetingInvitee, Member
from tests.ura import Ura


async def schedule(
    ura: Ura,
    groups: tuple[str, ...] = ("Durrës",),
    title: str = "Tryeza e Durrësit",
    when: str = "3.12.2026 10:00",
    duration: str = "1 orë e gjysmë",
    place: str = "Prefektura Durrës, salla 2",
    agenda: str = "1. Rastet e reja\n2. Strehimi",
    organiser: FakeUser | None = None,
) -> FakeMessage:
    """The organiser goes through /meeting and sends it; returns their live card."""
    t, who = ura.telegram, organiser or ura.coordinator
    said = await t.send_text(who, "/meeting")
    picker = await t.wait_for_message(who, contains="1/7", after=said)
    for group in groups:
        await t.press_button(who, group, message=picker)
        await ticked(ura, picker, group)
    await t.press_button(who, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(who, contains="2/7", after=said)
    said = await t.send_text(who, title)
    await t.wait_for_message(who, contains="3/7", after=said)
    said = await t.send_text(who, when)
    await t.wait_for_message(who, contains="4/7", after=said)
    await t.press_button(who, duration)
    said = await t.wait_for_message(who, contains="5/7", after=said)
    said = await t.send_text(who, place)
    await t.wait_for_message(who, contains="6/7", after=said)
    said = await t.send_text(who, agenda)
    summary = await t.wait_for_message(who, contains="7/7", after=said)
    await t.press_button(who, "📨 Dërgoni ftesën", message=summary)
    await t.wait_for_message(who, contains="Ftesa u dërgua", after=summary)
    return await t.wait_for_message(who, contains="Tryeza #", after=summary)


async def ticked(ura: Ura, picker: FakeMessage, label: str) -> None:
    """The picker was edited to show the group ticked."""
    found = await ura.telegram.world.notifier.wait_until(
        lambda: any(f"✅ {label}" in b for row in picker.buttons for b in row), 5.0
    )
    assert found, picker.buttons


def calendar_of(message: FakeMessage) -> Calendar:
    assert message.document is not None
    assert message.document.filename == "tryeza.ics"
    return Calendar.from_ical(message.document.content)


async def members_of_durres(ura: Ura) -> tuple[FakeUser, FakeUser]:
    ardit = ura.telegram.add_user(first_name="Ardit", language_code="sq")
    sara = ura.telegram.add_user(first_name="Sara", language_code="en")
    await ura.join(ardit)
    await ura.join(sara, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    return ardit, sara


async def test_invitees_get_the_notice_and_a_calendar_file_that_phones_import(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara = await members_of_durres(ura)
    outsider = t.add_user(first_name="Besa")
    await ura.join(outsider, groups=("vlore",))
    card = await schedule(ura)
    assert "⏳ Pa përgjigje: 2" in card.text
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    assert "Tryeza e Durrësit" in notice.text
    assert "03.12.2026 10:00" in notice.text
    assert "Prefektura Durrës" in notice.text
    assert notice.buttons == [["✅ Po", "❌ Jo", "❔ Ndoshta"]]
    english = await t.wait_for_message(sara, contains="Roundtable notice")
    assert english.buttons == [["✅ Yes", "❌ No", "❔ Maybe"]]
    ics_message = await t.wait_for_message(ardit, contains="kalendar", after=notice)
    calendar = calendar_of(ics_message)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Tirane"
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Tirane"
    assert start == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert event.decoded("DTEND") - start == timedelta(minutes=90)
    assert str(event["SUMMARY"]) == "Tryeza e Durrësit"
    assert str(event["LOCATION"]) == "Prefektura Durrës, salla 2"
    assert str(event["DESCRIPTION"]) == "1. Rastet e reja\n2. Strehimi"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    async with ura.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None
    assert str(event["UID"]) == meeting.uid
    await t.wait_idle()
    assert not [m for m in t.bot_messages(outsider) if "Tryeza e Durrësit" in m.text]


async def test_answers_change_and_the_organiser_sees_live_tallies(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara = await members_of_durres(ura)
    card = await schedule(ura)
    notice = await t.wait_for_message(ardit, contains="Ftesë për tryezë")
    await t.press_button(ardit, "✅ Po", message=notice)
    await t.wait_for_edit(card, contains="✅ Vijnë: 1")
    await t.wait_for_edit(notice, contains="Po, vij")
    english = await t.wait_for_message(sara, contains="Roundtable notice")
    query = await t.press_button(sara, "❔ Maybe", message=english)
    answer = await t.wait_for_callback_answer(query)
    assert "Maybe" in (answer.get("text") or "")
    await t.wait_for_edit(card, contains="❔ Ndoshta: 1")
    await t.press_button(ardit, "❌ Jo", message=notice)
    await t.wait_for_edit(card, contains="❌ Nuk vijnë: 1")
    assert "✅ Vijnë: 0" in card.text
    assert "❌ Ardit" in card.text
    assert "❔ Sara" in card.text
    await t.wait_for_edit(notice, contains="Jo, nuk vij")
    assert card.edits <= 6, "edits are coalesced, not a new message per press"
    await t.send_text(ardit, "/meetings")
    listing = await t.wait_for_message(ardit, contains="Tryezat tuaja")
    assert "Jo, nuk vij" in listing.text
    await t.send_text(ura.coordinator, "/meetings")
    fresh = await t.wait_for_message(ura.coordinator, contains="Tryeza #", after=card)
    assert "❌ Ardit" in fresh.text
    async with ura.sessions() as session:
        answers = {
            i.member_id: i.response for i in (await session.scalars(select(MeetingInvitee))).all()
        }
    assert sorted(answers.values()) == ["maybe", "no"]


async def test_times_in_the_past_or_unreadable_are_explained_with_an_example(ura: Ura) -> None:
    t = ura.telegram
    await t.send_text(ura.coordinator, "/meeting")
    picker = await t.wait_for_message(ura.coordinator, contains="1/7")
    await t.press_button(ura.coordinator, "🌐 Të gjithë", message=picker)
    await ticked(ura, picker, "🌐 Të gjithë")
    await t.press_button(ura.coordinator, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(ura.coordinator, contains="2/7")
    await t.send_text(ura.coordinator, "Tryeza kombëtare")
    ask = await t.wait_for_message(ura.coordinator, contains="3/7")
    await t.send_text(ura.coordinator, "1.1.2020 10:00")
    past = await t.wait_for_message(ura.coordinator, contains="ka kaluar", after=ask)
    assert "nesër 10:00" in past.text
    await t.send_text(ura.coordinator, "pas dreke")
    await t.wait_for_message(ura.coordinator, contains="Nuk e kuptova", after=past)
    await t.send_text(ura.coordinator, "nesër 10:00")
    await t.wait_for_message(ura.coordinator, contains="4/7")


async def test_a_member_who_chairs_no_group_may_not_convene(ura: Ura) -> None:
    t = ura.telegram
    ardit = t.add_user(first_name="Ardit")
    await ura.join(ardit)
    await t.send_text(ardit, "/meeting")
    await t.wait_for_message(ardit, contains="drejtuesit e grupeve")


async def test_a_coordinator_appoints_a_chair_who_convenes_only_their_group(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara = await members_of_durres(ura)
    async with ura.sessions() as session:
        ardit_id = await session.scalar(
            select(Member.id).where(Member.telegram_user_id == ardit.id)
        )
    await t.send_text(ura.coordinator, f"/chair {ardit_id} Durrës")
    await t.wait_for_message(ura.coordinator, contains="tani drejton tryezat e grupit «Durrës»")
    await t.send_text(ura.coordinator, "/chair")
    await t.wait_for_message(ura.coordinator, contains=f"Durrës: Ardit (#{ardit_id})")
    await t.send_text(ardit, "/meeting")
    picker = await t.wait_for_message(ardit, contains="1/7")
    assert picker.buttons == [["Durrës"], ["➡️ Vazhdoni"]], "only the group they chair"
    card = await schedule(ura, organiser=ardit, title="Komiteti i Durrësit")
    assert "Sara" in card.text
    await t.wait_for_message(sara, contains="Roundtable notice")
    await t.wait_idle()
    assert not [m for m in t.bot_messages(ardit) if "Ftesë për tryezë" in m.text]

"""Stories of the Advisory Group's monitoring requests: a question to the police of Durrës, a
recommendation to a committee, answers, reminders, the overdue flag and /requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.core.permissions import Agency, Role
from bot.sandbox.telegram import FakeUser
from storage.models import AuditEvent, InfoRequest, InfoRequestAnswer
from tests.ura import Ura

QUESTION = "Sa viktima të identifikuara u referuan në strehëz këtë tremujor?"


@dataclass
class Cast:
    monitor: FakeUser  # an NGO of the Civil Society Advisory Group
    police: FakeUser
    police_two: FakeUser  # a colleague of the same directorate
    social: FakeUser
    vlore_police: FakeUser
    durres_ngo: FakeUser  # a Durrës NGO, not in the Advisory Group


async def people(ura: Ura) -> Cast:
    t = ura.telegram
    cast = Cast(
        monitor=t.add_user(first_name="Elira", last_name="Monitor"),
        police=t.add_user(first_name="Ardit", last_name="Policia"),
        police_two=t.add_user(first_name="Dritan", last_name="Policia", language_code="en"),
        social=t.add_user(first_name="Sonila", last_name="SHSSH"),
        vlore_police=t.add_user(first_name="Besnik", last_name="Vlora"),
        durres_ngo=t.add_user(first_name="Alba", last_name="NGO"),
    )
    await ura.join(
        cast.monitor,
        role=Role.NGO,
        org="Qendra Tjetër Vizion",
        agency=Agency.CIVIL_SOCIETY,
        groups=("advisory",),
    )
    await ura.join(cast.police, org="Policia e Durrësit", agency=Agency.POLICE)
    await ura.join(cast.police_two, org="Policia e Durrësit", agency=Agency.POLICE)
    await ura.join(cast.social, org="SHSSH Durrës", agency=Agency.SOCIAL_SERVICE)
    await ura.join(
        cast.vlore_police, org="Policia e Vlorës", agency=Agency.POLICE, groups=("vlore",)
    )
    await ura.join(cast.durres_ngo, role=Role.NGO, org="Fondacioni X", agency=Agency.CIVIL_SOCIETY)
    return cast


async def ask(
    ura: Ura, who: FakeUser, kind: str, region: str, sector: str | None, text: str
) -> None:
    t = ura.telegram
    await t.send_text(who, "/request")
    await t.wait_for_message(who, contains="1/5")
    await t.press_button(who, kind)
    await t.wait_for_message(who, contains="2/5")
    await t.press_button(who, region)
    if sector is not None:
        await t.wait_for_message(who, contains="3/5")
        await t.press_button(who, sector)
    await t.wait_for_message(who, contains="4/5")
    await t.send_text(who, text)
    prompt = await t.wait_for_message(who, contains="5/5")
    await t.press_button(who, prompt.buttons[1][0])  # the default: within 14 days
    await t.wait_for_message(who, contains="shtojcë")
    await t.press_button(who, "Pa shtojcë")
    await t.wait_for_message(who, contains="u dërgua")


def cards(ura: Ura, user: FakeUser) -> list:
    return [m for m in ura.telegram.bot_messages(user) if "#1" in m.text and QUESTION in m.text]


async def test_a_question_to_durres_police_reaches_its_officers_and_is_answered_in_every_copy(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await ask(ura, cast.monitor, "❓ Kërkesë për informacion", "Durrës", "Policia", QUESTION)

    card = await t.wait_for_message(cast.police, contains=QUESTION)
    assert "Drejtuar: Policia (qarku: Durrës)" in card.text
    assert "Afati: 07.12.2026" in card.text
    assert "Nga: Elira Monitor (Qendra Tjetër Vizion)" in card.text
    assert [row[0] for row in card.buttons] == ["✍️ Përgjigjuni", "↪️ Përcillni brenda institucionit"]
    english = await t.wait_for_message(cast.police_two, contains=QUESTION)
    assert "Request for information #1" in english.text
    followed = await t.wait_for_message(ura.coordinator, contains=QUESTION)
    assert followed.buttons == [], "the coordinator follows it; the police answer it"
    await t.wait_idle()
    for outsider in (cast.social, cast.vlore_police, cast.durres_ngo):
        assert cards(ura, outsider) == [], "only the addressed sector of Durrës receives it"

    await t.press_button(cast.police, "✍️ Përgjigjuni")
    await t.wait_for_message(cast.police, contains="Shkruani përgjigjen")
    await t.send_text(cast.police, "Tetë viktima, të gjitha në strehëzën e Durrësit.")
    await t.wait_for_message(cast.police, contains="shtojcë", after=card)
    await t.press_button(cast.police, "Pa shtojcë")
    await t.wait_for_message(cast.police, contains="u dërgua", after=card)

    notice = await t.wait_for_message(cast.monitor, contains="Përgjigje për kërkesën #1")
    assert "Tetë viktima" in notice.text
    assert "Ardit Policia (Policia e Durrësit)" in notice.text
    for reader, word in (
        (cast.police, "ka marrë përgjigje"),
        (cast.police_two, "answered"),
        (ura.coordinator, "ka marrë përgjigje"),
    ):
        copy = next(m for m in t.bot_messages(reader) if QUESTION in m.text)
        await t.wait_for_edit(copy, contains=word)
        assert "Tetë viktima" in copy.text
    own = next(m for m in t.bot_messages(cast.monitor) if QUESTION in m.text)
    await t.wait_for_edit(own, contains="ka marrë përgjigje")
    assert [row[0] for row in own.buttons] == ["🔒 Mbylleni kërkesën"]

    async with ura.sessions() as session:
        request = await session.scalar(select(InfoRequest))
        assert request is not None
        assert request.status == "answered"
        assert await session.scalar(select(func.count()).select_from(InfoRequestAnswer)) == 1
        actions = set(await session.scalars(select(AuditEvent.action)))
        assert {"request.created", "request.answered"} <= actions


async def test_a_recommendation_is_answered_with_its_acceptance_and_a_reason(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    text = "Rekomandojmë që komiteti i Durrësit të mblidhet çdo muaj."
    await ask(ura, cast.monitor, "📝 Rekomandim", "Durrës", "Të gjithë komitetit", text)
    card = await t.wait_for_message(cast.social, contains=text)
    assert "Komiteti Rajonal Antitrafik, qarku: Durrës" in card.text
    await t.wait_for_message(cast.durres_ngo, contains=text)  # the whole committee, NGOs too
    await t.wait_idle()
    assert not [m for m in t.bot_messages(cast.vlore_police) if text in m.text]

    await t.press_button(cast.social, "✍️ Përgjigjuni")
    await t.wait_for_message(cast.social, contains="qëndrimi i institucionit")
    await t.press_button(cast.social, "pranohet pjesërisht")
    await t.wait_for_message(cast.social, contains="Shkruani përgjigjen")
    await t.send_text(cast.social, "Çdo dy muaj, për shkak të buxhetit.")
    await t.wait_for_message(cast.social, contains="shtojcë", after=card)
    await t.press_button(cast.social, "Pa shtojcë")

    notice = await t.wait_for_message(cast.monitor, contains="Përgjigje për kërkesën #1")
    assert "Qëndrimi ndaj rekomandimit: pranohet pjesërisht" in notice.text
    assert "Çdo dy muaj" in notice.text
    await t.wait_for_edit(card, contains="pranohet pjesërisht")


async def test_only_the_advisory_group_and_coordinators_may_ask(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.police, "/request")
    refusal = await t.wait_for_message(cast.police, contains="Grupit Këshillimor")
    assert "/requests" in refusal.text
    async with ura.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InfoRequest)) == 0


async def test_reminders_before_and_on_the_due_date_once_each_and_the_overdue_flag(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await ask(ura, cast.monitor, "❓ Kërkesë për informacion", "Durrës", "Policia", QUESTION)
    await t.wait_for_message(cast.police, contains=QUESTION)

    ura.clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))  # 09:00 in Tirana, three days before
    assert await ura.tick() == 1
    await t.wait_for_message(cast.police, contains="Kujtesë: kërkesa #1")
    await t.wait_for_message(cast.police_two, contains="Reminder: request #1")
    await ura.restart()
    assert await ura.tick() == 0, "a reminder fires once, also across a restart"

    ura.clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    assert await ura.tick() == 1
    await t.wait_for_message(cast.police, contains="Sot (07.12.2026) mbaron afati")

    ura.clock.set(datetime(2026, 12, 8, 8, 0, tzinfo=UTC))
    assert await ura.tick() == 1
    flag = await t.wait_for_message(ura.coordinator, contains="e kaloi afatin")
    assert "Policia (qarku: Durrës)" in flag.text
    await t.wait_idle()
    assert not [m for m in t.bot_messages(cast.police) if "e kaloi afatin" in m.text]
    card = next(m for m in t.bot_messages(cast.police) if QUESTION in m.text)
    await t.wait_for_edit(card, contains="afati ka kaluar pa përgjigje")


async def test_an_answer_stops_the_reminders(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await ask(ura, cast.monitor, "❓ Kërkesë për informacion", "Durrës", "Policia", QUESTION)
    await t.wait_for_message(cast.police_two, contains=QUESTION)
    await t.press_button(cast.police_two, "✍️ Answer")
    await t.wait_for_message(cast.police_two, contains="Type your answer")
    await t.send_text(cast.police_two, "Eight, all in the Durrës shelter.")
    await t.wait_for_message(cast.police_two, contains="attachment")
    await t.press_button(cast.police_two, "No attachment")
    await t.wait_for_message(cast.monitor, contains="Përgjigje për kërkesën #1")
    ura.clock.set(datetime(2026, 12, 9, 8, 0, tzinfo=UTC))
    assert await ura.tick() == 0


async def test_forwarding_within_the_institution_lets_a_colleague_answer(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    colleague = t.add_user(first_name="Mira", last_name="Analiste")
    await ura.join(colleague, org="Policia e Durrësit", agency=Agency.OTHER)
    await ask(ura, cast.monitor, "❓ Kërkesë për informacion", "Durrës", "Policia", QUESTION)
    await t.wait_for_message(cast.police, contains=QUESTION)
    await t.wait_idle()
    assert not [m for m in t.bot_messages(colleague) if QUESTION in m.text]

    await t.press_button(cast.police, "↪️ Përcillni brenda institucionit")
    picker = await t.wait_for_message(cast.police, contains="Cilit koleg")
    assert [b for row in picker.buttons for b in row] == ["Mira Analiste"]
    await t.press_button(cast.police, "Mira Analiste")
    await t.wait_for_message(cast.police, contains="iu përcoll kolegut: Mira Analiste")
    card = await t.wait_for_message(colleague, contains=QUESTION)
    assert card.buttons[0] == ["✍️ Përgjigjuni"]


async def test_requests_lists_what_each_role_may_see(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await ask(ura, cast.monitor, "❓ Kërkesë për informacion", "Durrës", "Policia", QUESTION)
    await ask(ura, ura.coordinator, "📝 Rekomandim", "Vlorë", "Policia", "Patrullime në plazh.")

    for reader, expected, hidden in (
        (cast.monitor, ("#1", "#2"), ()),
        (ura.coordinator, ("#1", "#2"), ()),
        (cast.police, ("#1",), ("#2",)),
        (cast.vlore_police, ("#2",), ("#1",)),
    ):
        await t.send_text(reader, "/requests")
        listing = await t.wait_for_message(reader, contains="Kërkesat (")
        for shown in expected:
            assert f"{shown} " in listing.text
        for secret in hidden:
            assert f"{secret} " not in listing.text
    await t.send_text(cast.social, "/requests")
    await t.wait_for_message(cast.social, contains="Nuk ka kërkesa")


async def test_the_record_keeps_request_and_answer_for_the_advisory_group_and_retention_blanks_them(
    ura: Ura,
) -> None:
    from datetime import timedelta

    from bot.log import retention
    from storage.models import ExchangeEntry

    t = ura.telegram
    cast = await people(ura)
    await ask(ura, cast.monitor, "❓ Kërkesë për informacion", "Durrës", "Policia", QUESTION)
    await t.wait_for_message(cast.police, contains=QUESTION)
    await t.press_button(cast.police, "✍️ Përgjigjuni")
    await t.wait_for_message(cast.police, contains="Shkruani përgjigjen")
    await t.send_text(cast.police, "Tetë viktima.")
    await t.wait_for_message(cast.police, contains="Pa shtojcë")
    await t.press_button(cast.police, "Pa shtojcë")
    await t.wait_for_message(cast.monitor, contains="Përgjigje për kërkesën #1")

    await t.send_text(cast.monitor, "/search strehëz")
    found = await t.wait_for_message(cast.monitor, contains="strehëz", after=2)
    assert QUESTION[:20] in found.text
    async with ura.sessions() as session:
        kinds = list(await session.scalars(select(ExchangeEntry.kind).order_by(ExchangeEntry.id)))
        assert kinds[-2:] == ["request", "request_answer"]

    async with ura.sessions.begin() as session:
        later = ura.clock.now() + timedelta(days=31)
        await retention.purge(session, later, 30)
    async with ura.sessions() as session:
        request = await session.scalar(select(InfoRequest))
        answer = await session.scalar(select(InfoRequestAnswer))
        assert request is not None
        assert answer is not None
        assert (request.text, answer.text) == ("", "")
        assert (request.status, request.kind) == ("answered", "question"), "kept for reports"


async def test_a_photo_with_a_question_reaches_the_addressees_and_is_stored_as_one_attachment(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.monitor, "/request")
    await t.wait_for_message(cast.monitor, contains="1/5")
    await t.press_button(cast.monitor, "❓ Kërkesë për informacion")
    await t.wait_for_message(cast.monitor, contains="2/5")
    await t.press_button(cast.monitor, "Durrës")
    await t.wait_for_message(cast.monitor, contains="3/5")
    await t.press_button(cast.monitor, "Policia")
    await t.wait_for_message(cast.monitor, contains="4/5")
    await t.send_text(cast.monitor, QUESTION)
    prompt = await t.wait_for_message(cast.monitor, contains="5/5")
    await t.press_button(cast.monitor, prompt.buttons[1][0])
    await t.wait_for_message(cast.monitor, contains="shtojcë")
    await t.send_photo(cast.monitor)
    await t.wait_for_message(cast.monitor, contains="u dërgua")
    card = await t.wait_for_message(cast.police, contains=QUESTION)
    await t.wait_idle()
    photos = [m for m in t.bot_messages(cast.police) if m.photo is not None]
    assert len(photos) == 1
    assert photos[0].message_id > card.message_id
    async with ura.sessions() as session:
        request = await session.scalar(select(InfoRequest))
    assert request is not None
    assert request.attachment is not None
    assert request.attachment["kind"] == "photo"


async def test_an_attachment_stored_in_the_older_shape_is_still_sent(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    colleague = t.add_user(first_name="Mira", last_name="Analiste")
    await ura.join(colleague, org="Policia e Durrësit", agency=Agency.OTHER)
    await ask(ura, cast.monitor, "❓ Kërkesë për informacion", "Durrës", "Policia", QUESTION)
    await t.wait_for_message(cast.police, contains=QUESTION)
    sent = await t.send_document(cast.monitor, filename="raport.pdf")
    assert sent.document is not None
    async with ura.sessions.begin() as session:
        request = await session.scalar(select(InfoRequest))
        assert request is not None
        file_id = sent.document.file_id
        request.attachment = {"type": "document", "file_id": file_id, "filename": "raport.pdf"}
    await t.press_button(cast.police, "↪️ Përcillni brenda institucionit")
    await t.wait_for_message(cast.police, contains="Cilit koleg")
    await t.press_button(cast.police, "Mira Analiste")
    await t.wait_for_message(colleague, contains=QUESTION)
    await t.wait_idle()
    assert [m for m in t.bot_messages(colleague) if m.document is not None]

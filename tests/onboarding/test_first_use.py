"""Stories of a first use without a manual: the privacy notice comes first, /privacy answers in
both languages, and /help fits one phone screen for each role, the typed forms behind "More"."""

from bot.core.permissions import Agency, Role
from tests.ura import Ura

PHONE_SCREEN_LINES = 15


async def test_a_stranger_reads_the_privacy_notice_before_the_first_question(ura: Ura) -> None:
    await ura.reconfigure(privacy_contact="Zyra e Koordinatorit Kombëtar, tel. 04 222 333")
    t = ura.telegram
    elira = t.add_user(first_name="Elira", language_code="sq")
    await t.send_text(elira, "/start")
    question = await t.wait_for_message(elira, contains="1/4")
    said = [m.text for m in t.bot_messages(elira)]
    notice = next(i for i, text in enumerate(said) if "Privatësia në Ura" in text)
    assert notice < said.index(question.text), "the notice comes before the first question"
    text = said[notice]
    assert "ID-ja juaj në Telegram" in text
    assert "Zyra e Koordinatorit Kombëtar" in text
    assert "04 222 333" in text, "the configured contact is shown"
    assert "Ura nuk fshin asgjë automatikisht" in text, "no retention is configured"
    assert "numrin personal të një viktime" in text


async def test_privacy_answers_in_albanian_and_in_english_with_the_retention_in_force(
    ura: Ura,
) -> None:
    await ura.reconfigure(retention_days=30)
    t = ura.telegram
    await ura.join(ardit := t.add_user(first_name="Ardit", language_code="sq"))
    await ura.join(sara := t.add_user(first_name="Sara", language_code="en"), role=Role.NGO)
    await t.send_text(ardit, "/privacy")
    shqip = await t.wait_for_message(ardit, contains="Privatësia në Ura")
    assert "fshihen pas 30 ditësh" in shqip.text
    assert "ju lutemi drejtohuni Zyrës së Koordinatorit Kombëtar" in shqip.text
    await t.send_text(sara, "/privacy")
    english = await t.wait_for_message(sara, contains="Privacy in Ura")
    assert "blanked after 30 days" in english.text
    assert "Never write a victim's name, address, phone number or personal ID number" in (
        english.text
    )


async def test_help_fits_one_phone_screen_for_every_role(ura: Ura) -> None:
    t = ura.telegram
    await ura.join(ardit := t.add_user(first_name="Ardit"), agency=Agency.POLICE)
    stranger = t.add_user(first_name="Guri")
    for person in (ura.coordinator, ardit, stranger):
        await t.send_text(person, "/help")
        shown = await t.wait_for_message(person, contains="komandë blu")
        assert "☰" in shown.text
        assert len(shown.text.splitlines()) <= PHONE_SCREEN_LINES, shown.text
    coordinator_help, member_help, guest_help = (
        t.bot_messages(p)[-1].text for p in (ura.coordinator, ardit, stranger)
    )
    assert "/members" in coordinator_help
    assert "/meeting —" in coordinator_help
    assert coordinator_help.count("/meeting ") == 1, "listed once"
    assert "/meeting —" not in member_help, "convening is for chairs and coordinators"
    assert "/members" not in member_help
    assert "/alert" not in guest_help
    assert "/start" in guest_help


async def test_the_typed_forms_wait_behind_the_more_button(ura: Ura) -> None:
    t = ura.telegram
    await t.send_text(ura.coordinator, "/help")
    shown = await t.wait_for_message(ura.coordinator, contains="komandë blu")
    assert "/suspend" not in shown.text
    assert "/alert durres" not in shown.text
    await t.press_button(ura.coordinator, "➕ Më shumë", message=shown)
    more = await t.wait_for_message(ura.coordinator, contains="format e shkruara", after=shown)
    assert "/suspend N" in more.text
    assert "/alert durres femije urgjent" in more.text
    assert "/chair N Grupi" in more.text


async def test_a_chair_is_offered_to_convene_a_roundtable(ura: Ura) -> None:
    t = ura.telegram
    await ura.join(ardit := t.add_user(first_name="Ardit"))
    await t.send_text(ardit, "/help")
    before = await t.wait_for_message(ardit, contains="komandë blu")
    assert "/meeting —" not in before.text
    await t.send_text(ura.coordinator, f"/chair {await member_id(ura, ardit.id)} Durrës")
    await t.wait_for_message(ura.coordinator, contains="tani drejton tryezat")
    await t.send_text(ardit, "/help")
    after = await t.wait_for_message(ardit, contains="komandë blu", after=before)
    assert "/meeting — thirrni një tryezë" in after.text


async def member_id(ura: Ura, telegram_user_id: int) -> int:
    from sqlalchemy import select

    from storage.models import Member

    async with ura.sessions() as session:
        found = await session.scalar(
            select(Member.id).where(Member.telegram_user_id == telegram_user_id)
        )
    assert found is not None
    return found


async def test_an_answer_too_long_says_the_limit(ura: Ura) -> None:
    t = ura.telegram
    elira = t.add_user(first_name="Elira", language_code="sq")
    await t.send_text(elira, "/start")
    question = await t.wait_for_message(elira, contains="1/4")
    await t.send_text(elira, "A" * 500)
    refused = await t.wait_for_message(elira, contains="shumë e gjatë", after=question)
    assert "Numri maksimal i shenjave: 128; ju shkruat: 500." in refused.text

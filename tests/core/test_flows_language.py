"""The first coordinator, named in the settings, speaks their own language like any newcomer."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Member
from tests.ura import Ura


async def _language_of(ura: Ura, telegram_id: int) -> str | None:
    async with ura.sessions() as session:
        return await session.scalar(
            select(Member.language).where(Member.telegram_user_id == telegram_id)
        )


async def test_an_english_speaking_first_coordinator_is_answered_in_english(ura: Ura) -> None:
    t = ura.telegram
    office = t.add_user(first_name="Office", language_code="en-GB")
    await ura.reconfigure(coordinators=[ura.coordinator.id, office.id])
    assert await _language_of(ura, office.id) == "sq", "the default until they first write"
    await t.send_text(office, "/help")
    help_text = await t.wait_for_message(office, contains="/members — the members")
    assert "/invite — an invite" in help_text.text
    assert await _language_of(ura, office.id) == "en"


async def test_a_first_coordinator_whose_app_speaks_neither_gets_the_default(ura: Ura) -> None:
    t = ura.telegram
    office = t.add_user(first_name="Büro", language_code="de")
    await ura.reconfigure(coordinators=[office.id], default_language="en")
    await t.send_text(office, "/help")
    await t.wait_for_message(office, contains="/members — the members")
    assert await _language_of(ura, office.id) == "en"


async def test_a_chosen_language_is_not_overridden_by_the_app(ura: Ura) -> None:
    t = ura.telegram
    office = t.add_user(first_name="Office", language_code="en")
    await ura.reconfigure(coordinators=[office.id])
    await t.send_text(office, "/help")
    await t.wait_for_message(office, contains="/members — the members")
    await t.send_text(office, "/language")
    await t.wait_for_message(office, contains="Choose your language")
    await t.press_button(office, "🇦🇱 Shqip")
    await t.wait_idle()
    await t.send_text(office, "/help")
    await t.wait_for_message(office, contains="/members — anëtarët")
    assert await _language_of(ura, office.id) == "sq"

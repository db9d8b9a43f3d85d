"""Stories of signed buttons: Ura's own key survives a rotation (with grace) and a new token;
a payload that is not ASCII is refused quietly."""

from __future__ import annotations

from datetime import timedelta

from pydantic import SecretStr

from bot.app import build_application, load_keys
from bot.core import signing_keys
from bot.core.permissions import Agency
from tests.alerts.test_alerts import people, raise_alert
from tests.ura import Ura


def _data(message: object, label: str) -> str:
    for row in (getattr(message, "reply_markup", None) or {}).get("inline_keyboard", []):
        for button in row:
            if button["text"] == label:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r}")


async def test_a_button_sent_before_a_key_rotation_still_works_after_it(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    async with ura.sessions.begin() as session:  # what `ura keys rotate` does
        await signing_keys.rotate(session, ura.clock.now(), None)
    await ura.restart()
    query = await t.press_button(cast.police, "✅ Mora dijeni", message=card)
    answer = await t.wait_for_callback_answer(query)
    assert "morët dijeni" in (answer.get("text") or "")
    await t.wait_for_edit(card, contains="marrë në dijeni nga Ardit Policia")


async def test_after_the_grace_period_a_button_signed_with_the_old_key_is_refused(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    async with ura.sessions.begin() as session:
        await signing_keys.rotate(session, ura.clock.now(), None)
    ura.clock.advance(timedelta(days=8))
    await ura.restart()
    query = await t.press_button(cast.police, "✅ Mora dijeni", message=card)
    answer = await t.wait_for_callback_answer(query)
    assert "nuk është për ju" in (answer.get("text") or "")


async def test_a_new_bot_token_does_not_break_the_buttons_already_sent(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    data = _data(card, "✅ Mora dijeni")
    # The operator replaces the token (BotFather /revoke): the new process loads the same key.
    renewed = ura.settings.model_copy(update={"bot_token": SecretStr("654321:NEW-token")})
    other = build_application(renewed, clock=ura.clock)
    services = other.bot_data.services
    try:
        await load_keys(services)
        press = services.signer.verify(data, cast.police.id, ura.clock.now())
    finally:
        await services.engine.dispose()
    assert press is not None
    assert press.action == "ala"


async def test_a_payload_with_non_ascii_characters_is_refused_quietly(ura: Ura) -> None:
    t = ura.telegram
    police = t.add_user(first_name="Ardit", last_name="Policia")
    await ura.join(police, org="Policia e Durrësit", agency=Agency.POLICE)
    welcome = t.bot_messages(police)[-1]
    query = await t.press_callback(police, welcome, "ala:1:ÄÄÄÄÄÄÄÄÄÄ")
    answer = await t.wait_for_callback_answer(query)
    assert "nuk është për ju" in (answer.get("text") or "")
    await t.wait_idle()
    assert not any("Diçka nuk funksionoi" in m.text for m in t.bot_messages(police))

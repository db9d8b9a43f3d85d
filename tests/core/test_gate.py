"""Stories of the gate: a saved form obeys who the person is now, and Ura answers privately.

Group chats may hold people nobody vetted, so Ura answers there only where a handler says so
(/link, /unlink, /help in a linked chat); a member's private command in a group earns one
private hint instead. A half-filled form is checked again at every answer and expires.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from bot.core.permissions import Agency, Role
from bot.members import directory, roles
from bot.sandbox.telegram import FakeUser
from storage.models import Alert, AuditEvent, Draft, Invite, Member, PrivateHint
from tests.alerts.test_alerts import people, raise_alert
from tests.ura import Ura


async def member_id(ura: Ura, user: FakeUser) -> int:
    async with ura.sessions() as session:
        found = await session.scalar(select(Member.id).where(Member.telegram_user_id == user.id))
    assert found is not None
    return found


async def count(ura: Ura, model: type) -> int:
    async with ura.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def invite_until_the_last_step(ura: Ura, who: FakeUser) -> None:
    t = ura.telegram
    await t.send_text(who, "/invite")
    await t.wait_for_message(who, contains="1/6")
    await t.press_button(who, "Anëtar i komitetit rajonal")
    await t.wait_for_message(who, contains="2/6")
    await t.send_text(who, "Shkolla 'Naim Frashëri'")
    await t.wait_for_message(who, contains="3/6")
    await t.press_button(who, "Arsimi")
    await t.wait_for_message(who, contains="4/6")
    await t.press_button(who, "Lezhë")
    await t.wait_for_message(who, contains="5/6")
    await t.press_button(who, "5")
    await t.wait_for_message(who, contains="6/6")


async def test_a_coordinator_suspended_in_the_middle_of_invite_gets_no_link(ura: Ura) -> None:
    t = ura.telegram
    deputy = t.add_user(first_name="Zëvendësja")
    await ura.join(deputy, role=Role.COORDINATOR, org="Zyra e Koordinatorit")
    invites_before = await count(ura, Invite)
    await invite_until_the_last_step(ura, deputy)
    await t.send_text(ura.coordinator, f"/suspend {await member_id(ura, deputy)}")
    await t.wait_for_message(ura.coordinator, contains="u pezullua")
    answer = await t.wait_for_callback_answer(await t.press_button(deputy, "7 ditë"))
    await t.wait_idle()
    assert not [m for m in t.bot_messages(deputy) if "start=" in m.text]
    assert answer.get("text") != "✅ U krye."
    assert await count(ura, Invite) == invites_before
    assert await count(ura, Draft) == 0, "suspension deleted the saved form"


async def test_an_answer_is_checked_against_who_the_person_is_now_even_if_a_form_survived(
    ura: Ura,
) -> None:
    """Another process (or an older version) changed the status without deleting the form:
    the answer itself is refused, the form deleted, the refusal audited."""
    t = ura.telegram
    deputy = t.add_user(first_name="Zëvendësja")
    await ura.join(deputy, role=Role.COORDINATOR, org="Zyra e Koordinatorit")
    await invite_until_the_last_step(ura, deputy)
    async with ura.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.telegram_user_id == deputy.id).values(role=Role.COMMITTEE)
        )
    await t.press_button(deputy, "7 ditë")
    await t.wait_for_message(deputy, contains="nuk lejohet për rolin tuaj")
    assert not [m for m in t.bot_messages(deputy) if "start=" in m.text]
    assert await count(ura, Draft) == 0
    async with ura.sessions() as session:
        refused = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "flow.refused")
        )
    assert refused is not None
    assert refused.details["flow"] == "invite"


async def test_a_suspended_ngo_member_pressing_send_on_a_saved_alert_sends_nothing(
    ura: Ura,
) -> None:
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
    await t.send_text(cast.ngo, "Një djalë i vogël lyp pranë stacionit çdo mbrëmje.")
    await t.wait_for_message(cast.ngo, contains="5/5")
    await t.press_button(cast.ngo, "⏭ Kapërceni")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.send_text(ura.coordinator, f"/suspend {await member_id(ura, cast.ngo)}")
    await t.wait_for_message(ura.coordinator, contains="u pezullua")
    await t.press_button(cast.ngo, "📤 Dërgoni")
    await t.wait_idle()
    assert await count(ura, Alert) == 0
    assert not [m for m in t.bot_messages(cast.police) if "Sinjalizim #" in m.text]


async def test_a_half_filled_form_expires_after_a_day(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.send_text(cast.ngo, "/alert")
    await t.wait_for_message(cast.ngo, contains="1/5")
    ura.clock.advance(timedelta(hours=25))
    await t.press_button(cast.ngo, "Durrës")
    await t.wait_for_message(cast.ngo, contains="ka skaduar")
    assert await count(ura, Draft) == 0
    await t.send_text(cast.ngo, "/alert")  # a fresh one works as before
    await t.wait_for_message(cast.ngo, contains="1/5", after=t.bot_messages(cast.ngo)[-1])
    ura.clock.advance(timedelta(hours=23))
    await t.press_button(cast.ngo, "Durrës")
    await t.wait_for_message(cast.ngo, contains="2/5")


async def test_reactivation_and_a_new_role_delete_saved_forms(ura: Ura) -> None:
    t = ura.telegram
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    await t.send_text(ana, "/alert")
    await t.wait_for_message(ana, contains="1/5")
    await t.send_text(ura.coordinator, f"/suspend {await member_id(ura, ana)}")
    await t.wait_for_message(ura.coordinator, contains="u pezullua")
    await t.send_text(ura.coordinator, f"/reactivate {await member_id(ura, ana)}")
    await t.wait_for_message(ura.coordinator, contains="u riaktivizua")
    assert await count(ura, Draft) == 0
    await t.send_text(ana, "/alert")
    await t.wait_for_message(ana, contains="1/5", after=t.bot_messages(ana)[-1])
    token = await ura.invite(role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    await t.send_text(ana, f"/start {token}")  # she joins again, now as an NGO member
    await t.wait_for_message(ana, contains="Mirë se erdhët", after=t.bot_messages(ana)[-1])
    assert await count(ura, Draft) == 0


async def linked_chat(ura: Ura, *people: FakeUser) -> object:
    t = ura.telegram
    chat = t.add_group("KRAT Durrës", members=[ura.coordinator, *people])
    await t.send_text(ura.coordinator, "/link Durrës", chat=chat)
    await t.wait_for_message(chat, contains="merr përditësimet")
    return chat


async def test_private_commands_in_a_linked_group_answer_nothing_there_and_hint_once(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    chat = await linked_chat(ura, cast.police)
    before = len(t.bot_messages(chat))
    for command in ("/alerts", "/members", "/meetings", "/actions", "/alert", "/start"):
        await t.send_text(cast.police, command, chat=chat)
    await t.send_text(ura.coordinator, "/members", chat=chat)
    hint = await t.wait_for_message(cast.police, contains="vetëm në bisedën private")
    await t.wait_idle(quiet=0.5)
    assert len(t.bot_messages(chat)) == before, t.format_transcript(chat)
    hints = [m for m in t.bot_messages(cast.police) if "bisedën private" in m.text]
    assert hints == [hint], "told once, not once per command"
    assert await count(ura, PrivateHint) == 2  # the police officer and the coordinator
    await t.send_text(cast.police, "/help", chat=chat)  # /help is allowed in a linked group
    await t.wait_for_message(chat, contains="Ura")


async def test_buttons_pressed_in_a_group_do_nothing_there(ura: Ura) -> None:
    t = ura.telegram
    chat = await linked_chat(ura)
    await t.send_text(ura.coordinator, "/help", chat=chat)
    shown = await t.wait_for_message(chat, contains="Ura", after=t.bot_messages(chat)[-1])
    signer = ura.app.bot_data.services.signer  # type: ignore[union-attr]
    data = signer.sign("lang", "en", chat.id)  # type: ignore[attr-defined]
    answer = await t.wait_for_callback_answer(await t.press_callback(ura.coordinator, shown, data))
    assert "private" in (answer.get("text") or "")
    async with ura.sessions() as session:
        language = await session.scalar(
            select(Member.language).where(Member.telegram_user_id == ura.coordinator.id)
        )
    assert language == "sq"


async def test_an_unlinked_group_hears_nothing_but_a_coordinators_link(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    chat = t.add_group("Grup i panjohur", members=[ura.coordinator, cast.police])
    for command in ("/help", "/link Durrës", "/unlink", "/alerts"):
        await t.send_text(cast.police, command, chat=chat)
    await t.send_text(ura.coordinator, "/help", chat=chat)
    await t.wait_idle(quiet=0.5)
    assert t.bot_messages(chat) == []
    await t.send_text(ura.coordinator, "/link Durrës", chat=chat)
    await t.wait_for_message(chat, contains="merr përditësimet")


async def test_ura_leaves_a_group_a_non_coordinator_added_it_to(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    stranger_group = t.add_bot_to_group(cast.police, "Miqtë e Arditit")
    await t.wait_idle(quiet=0.5)
    assert t.chat(stranger_group).bot_left
    assert t.bot_messages(stranger_group) == []
    committee = t.add_bot_to_group(ura.coordinator, "KRAT Durrës", members=[cast.police])
    await t.wait_idle(quiet=0.5)
    assert not t.chat(committee).bot_left
    async with ura.sessions() as session:
        actions = (await session.scalars(select(AuditEvent.action))).all()
    assert "group.left_uninvited" in actions
    assert "group.added" in actions


async def test_a_suspended_members_copy_of_an_alert_is_no_longer_edited(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    police_card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    social_card = await t.wait_for_message(cast.social, contains="Sinjalizim #1")
    await t.send_text(ura.coordinator, f"/suspend {await member_id(ura, cast.social)}")
    await t.wait_for_message(ura.coordinator, contains="u pezullua")
    await t.wait_idle()
    text, edits = social_card.text, social_card.edits
    await t.press_button(cast.police, "✅ Mora dijeni", message=police_card)
    await t.wait_for_edit(police_card, contains="marrë në dijeni nga Ardit Policia")
    await t.wait_idle()
    assert (social_card.text, social_card.edits) == (text, edits), "left as it was"
    assert "marrë në dijeni nga" not in social_card.text


async def test_a_coordinator_who_is_no_longer_one_sees_no_more_of_the_request_cards(
    ura: Ura,
) -> None:
    t = ura.telegram
    deputy = t.add_user(first_name="Zëvendësja")
    await ura.join(deputy, role=Role.COORDINATOR, org="Zyra e Koordinatorit")
    guri = t.add_user(first_name="Guri")
    await t.send_text(guri, "/start")
    await t.wait_for_message(guri, contains="1/4")
    await t.send_text(guri, "Guri")
    await t.wait_for_message(guri, contains="2/4")
    await t.send_text(guri, "Askush")
    await t.wait_for_message(guri, contains="3/4")
    await t.press_button(guri, "Tjetër")
    await t.wait_for_message(guri, contains="4/4")
    await t.press_button(guri, "Vlorë")
    card = await t.wait_for_message(ura.coordinator, contains="Kërkesë për anëtarësim")
    deputys = await t.wait_for_message(deputy, contains="Kërkesë për anëtarësim")
    async with ura.sessions.begin() as session:  # she now works for the police, not the office
        chief = await directory.by_telegram_id(session, ura.coordinator.id)
        her = await directory.by_telegram_id(session, deputy.id)
        assert chief is not None
        assert her is not None
        await roles.change_role(session, ura.clock.now(), chief, her, Role.COMMITTEE)
    await t.wait_idle()
    text = deputys.text
    await t.press_button(ura.coordinator, "❌ Refuzoni", message=card)
    await t.wait_for_edit(card, contains="Refuzuar nga")
    await t.wait_idle()
    assert deputys.text == text, "the card is no longer refreshed for a committee member"


async def test_every_guided_form_declares_who_may_answer_it(ura: Ura) -> None:
    assert ura.app is not None
    data = ura.app.bot_data
    assert set(data.flows) == set(data.flow_access), "an undeclared form is refused outright"

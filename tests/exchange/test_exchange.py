"""Stories of the information exchange: updates, reply threads, linked group chats, edits."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.sandbox.telegram import FakeUser
from storage.models import AuditEvent, ExchangeEntry
from tests.ura import Ura


async def durres_committee(ura: Ura) -> tuple[FakeUser, FakeUser, FakeUser]:
    """Ardit (police) and Blerta (social service) in Durrës, Vesa (police) in Vlorë."""
    t = ura.telegram
    ardit = t.add_user(first_name="Ardit")
    blerta = t.add_user(first_name="Blerta", language_code="en")
    vesa = t.add_user(first_name="Vesa")
    await ura.join(ardit, org="Policia e Durrësit")
    await ura.join(
        blerta, org="Shërbimi Social Durrës", agency=Agency.SOCIAL_SERVICE, groups=("durres",)
    )
    await ura.join(vesa, org="Policia e Vlorës", groups=("vlore",))
    return ardit, blerta, vesa


async def post_update(ura: Ura, user: FakeUser, text: str, topic: str = "Mbrojtje e fëmijëve"):
    t = ura.telegram
    await t.send_text(user, "/update")
    await t.wait_for_message(user, contains="2/4")  # one group: straight to the topic
    await t.press_button(user, topic)
    await t.wait_for_message(user, contains="3/4")
    sent = await t.send_text(user, text)
    await t.wait_for_message(user, contains="4/4")
    await t.press_button(user, "Pa shtojcë")
    await t.wait_for_message(user, contains="Përditësimi u dërgua")
    return sent


async def test_an_update_reaches_its_group_but_not_its_sender_nor_other_groups(ura: Ura) -> None:
    ardit, blerta, vesa = await durres_committee(ura)
    t = ura.telegram
    await post_update(ura, ardit, "Tre fëmijë pa shoqërues u panë në stacionin e autobusëve.")
    card = await t.wait_for_message(blerta, contains="Tre fëmijë pa shoqërues")
    assert "Ardit" in card.text
    assert "Policia e Durrësit" in card.text
    assert "Durrës" in card.text
    assert "Child protection" in card.text  # Blerta reads English
    await t.wait_idle()
    assert not [m for m in t.bot_messages(ardit) if "📣" in m.text]
    assert not [m for m in t.bot_messages(vesa) if "Tre fëmijë" in m.text]
    async with ura.sessions() as session:
        entry = await session.scalar(select(ExchangeEntry))
    assert entry is not None
    assert (entry.kind, entry.topic, entry.sender_name) == ("update", "child_protection", "Ardit")


async def test_an_update_with_a_photo_sends_the_card_then_the_photo(ura: Ura) -> None:
    ardit, blerta, _ = await durres_committee(ura)
    t = ura.telegram
    await t.send_text(ardit, "/update")
    await t.wait_for_message(ardit, contains="2/4")
    await t.press_button(ardit, "Parandalim")
    await t.wait_for_message(ardit, contains="3/4")
    await t.send_text(ardit, "Fushata në shkolla, ja posteri.")
    await t.wait_for_message(ardit, contains="4/4")
    await t.send_photo(ardit)
    card = await t.wait_for_message(blerta, contains="Fushata në shkolla")
    await t.wait_idle()
    after = [m for m in t.bot_messages(blerta) if m.message_id > card.message_id]
    assert after
    assert after[0].photo


async def test_a_reply_reaches_the_author_and_the_group_only_when_so_set(ura: Ura) -> None:
    ardit, blerta, _ = await durres_committee(ura)
    t = ura.telegram
    cora = t.add_user(first_name="Cora")
    await ura.join(cora, org="Shëndetësia Durrës", agency=Agency.HEALTH)
    await post_update(ura, ardit, "Kush ka vend në strehëz sonte?")
    card = await t.wait_for_message(blerta, contains="strehëz")
    await t.wait_idle()  # Ura records the card's message id just after Telegram shows it
    await t.send_text(blerta, "We have two beds free.", reply_to=card)
    answer = await t.wait_for_message(ardit, contains="two beds free")
    assert "Blerta" in answer.text
    assert "Shërbimi Social Durrës" in answer.text
    await t.wait_for_message(blerta, contains="sent to Ardit")
    await t.wait_idle()
    assert not [m for m in t.bot_messages(cora) if "two beds" in m.text]

    # The coordinator lets the whole Durrës group see replies.
    await t.send_text(ura.coordinator, "/replies Durrës")
    await t.wait_for_message(ura.coordinator, contains="vetëm autorit")
    await t.press_button(ura.coordinator, "Gjithë grupit")
    await t.wait_for_message(ura.coordinator, contains="autorit dhe gjithë grupit")
    card2 = await t.wait_for_message(cora, contains="strehëz")
    await t.wait_idle()
    await t.send_text(cora, "Edhe ne kemi një shtrat.", reply_to=card2)
    await t.wait_for_message(ardit, contains="Edhe ne kemi")
    await t.wait_for_message(blerta, contains="Edhe ne kemi")
    async with ura.sessions() as session:
        rows = (await session.scalars(select(ExchangeEntry).order_by(ExchangeEntry.id))).all()
    assert [r.kind for r in rows] == ["update", "reply", "reply"]
    assert {r.thread_id for r in rows} == {rows[0].id}, "the thread stays together"


async def test_a_reply_to_a_message_that_is_not_relayed_says_so(ura: Ura) -> None:
    ardit, _, _ = await durres_committee(ura)
    t = ura.telegram
    await t.send_text(ardit, "/help")
    help_ = await t.wait_for_message(ardit, contains="/update")
    await t.send_text(ardit, "Çfarë do të thotë kjo?", reply_to=help_)
    await t.wait_for_message(ardit, contains="nuk u përcillen", after=help_)


async def test_a_linked_telegram_group_receives_the_groups_updates(ura: Ura) -> None:
    ardit, _, _ = await durres_committee(ura)
    t = ura.telegram
    chat = t.add_group("KRAT Durrës", members=[ura.coordinator, ardit])
    await t.send_text(ardit, "/link Durrës", chat=chat)  # not a coordinator: no answer there
    await t.send_text(ura.coordinator, "/link Durrës", chat=chat)
    await t.wait_for_message(chat, contains="merr përditësimet")
    assert not [m for m in t.bot_messages(chat) if "nuk lejohet" in m.text]
    await post_update(ura, ardit, "Mbledhja e komitetit shtyhet për të enjten.")
    posted = await t.wait_for_message(chat, contains="shtyhet për të enjten")
    assert "Ardit" in posted.text
    # The record stays private: in the group chat, which may hold people who are not members
    # of Ura, a coordinator's /history, /search and /export show nothing.
    before = len(t.bot_messages(chat))
    for command in ("/history", "/search mbledhja", "/export", "/update", "/broadcasts"):
        await t.send_text(ura.coordinator, command, chat=chat)
    await t.wait_idle(quiet=0.5)
    assert len(t.bot_messages(chat)) == before
    await t.send_text(ura.coordinator, "/unlink", chat=chat)
    await t.wait_for_message(chat, contains="nuk merr më")
    async with ura.sessions() as session:
        actions = (await session.scalars(select(AuditEvent.action))).all()
    assert "exchange.linked" in actions
    assert "exchange.unlinked" in actions


async def test_an_edited_update_keeps_both_versions_and_the_copies_show_the_new_text(
    ura: Ura,
) -> None:
    ardit, blerta, _ = await durres_committee(ura)
    t = ura.telegram
    sent = await post_update(ura, ardit, "Takimi është në orën 10.")
    card = await t.wait_for_message(blerta, contains="orën 10")
    await t.wait_idle()
    await t.edit_text(ardit, sent, "Takimi është në orën 11.")
    await t.wait_for_edit(card, contains="orën 11")
    async with ura.sessions() as session:
        rows = (await session.scalars(select(ExchangeEntry).order_by(ExchangeEntry.id))).all()
    assert [(r.version, r.text, r.current) for r in rows] == [
        (1, "Takimi është në orën 10.", False),
        (2, "Takimi është në orën 11.", True),
    ]


async def test_an_edit_that_adds_a_passport_number_is_not_passed_on(ura: Ura) -> None:
    ardit, blerta, _ = await durres_committee(ura)
    t = ura.telegram
    sent = await post_update(ura, ardit, "Vajza u vendos në strehëz.")
    card = await t.wait_for_message(blerta, contains="strehëz")
    await t.wait_idle()
    await t.edit_text(ardit, sent, "Vajza u vendos në strehëz, pasaporta BA1234567.")
    held = await t.wait_for_message(ardit, contains="nuk iu përcoll")
    assert "numër pasaporte" in held.text
    await t.wait_idle()
    assert card.edits == 0
    assert "BA1234567" not in card.text
    async with ura.sessions() as session:
        texts = (await session.scalars(select(ExchangeEntry.text))).all()
    assert texts == ["Vajza u vendos në strehëz."]


async def test_a_coordinator_posts_to_every_group_at_once(ura: Ura) -> None:
    ardit, _, vesa = await durres_committee(ura)
    t = ura.telegram
    await t.send_text(ura.coordinator, "/update")
    await t.wait_for_message(ura.coordinator, contains="1/4")
    await t.press_button(ura.coordinator, "Të gjitha grupet")
    await t.wait_for_message(ura.coordinator, contains="2/4")
    await t.press_button(ura.coordinator, "Tjetër")
    await t.wait_for_message(ura.coordinator, contains="3/4")
    await t.send_text(ura.coordinator, "Udhëzimet e reja janë gati.")
    await t.wait_for_message(ura.coordinator, contains="4/4")
    await t.press_button(ura.coordinator, "Pa shtojcë")
    await t.wait_for_message(ardit, contains="Udhëzimet e reja")
    await t.wait_for_message(vesa, contains="Udhëzimet e reja")


async def test_only_members_may_post_updates(ura: Ura) -> None:
    stranger = ura.telegram.add_user(first_name="Stranger")
    await ura.telegram.send_text(stranger, "/update")
    await ura.telegram.wait_for_message(stranger, contains="/start")
    assert Role.COMMITTEE  # the refusal points strangers to joining


async def test_a_coordinator_ticks_several_groups_for_one_update(ura: Ura) -> None:
    ardit, blerta, vesa = await durres_committee(ura)
    t = ura.telegram
    tirana = t.add_user(first_name="Teuta")
    await ura.join(tirana, groups=("tirane",))
    await t.send_text(ura.coordinator, "/update")
    picker = await t.wait_for_message(ura.coordinator, contains="1/4")
    await t.wait_idle()  # Ura records the picker's message id just after Telegram shows it
    answer = await t.wait_for_callback_answer(
        await t.press_button(ura.coordinator, "➡️ Vazhdoni", message=picker)
    )
    assert "të paktën një grup" in (answer.get("text") or "")
    for name in ("Durrës", "Vlorë", "✅ Vlorë", "Tiranë"):  # Vlorë ticked, then unticked
        edits = picker.edits
        await t.press_button(ura.coordinator, name, message=picker)
        assert await t.world.notifier.wait_until(lambda e=edits: picker.edits > e, 5.0)
    labels = [label for row in picker.buttons for label in row]
    assert {"✅ Durrës", "✅ Tiranë", "Vlorë"} <= set(labels)
    await t.press_button(ura.coordinator, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(ura.coordinator, contains="2/4")
    await t.press_button(ura.coordinator, "Tjetër")
    await t.wait_for_message(ura.coordinator, contains="3/4")
    await t.send_text(ura.coordinator, "Mbledhja e përbashkët e dy komiteteve.")
    await t.wait_for_message(ura.coordinator, contains="4/4")
    await t.press_button(ura.coordinator, "Pa shtojcë")
    await t.wait_for_message(ardit, contains="Mbledhja e përbashkët")
    await t.wait_for_message(tirana, contains="Mbledhja e përbashkët")
    await t.wait_idle()
    assert not [m for m in t.bot_messages(vesa) if "Mbledhja e përbashkët" in m.text]

"""Stories of abuse without harm: a flood costs one polite message, a full queue takes no more,
a rejected requester waits before asking again, and a press's toast follows the commit."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, text

from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue
from storage.models import AccessRequest, ExchangeGroupSettings, Member, OutboxMessage
from tests.onboarding.test_joining import request_access
from tests.ura import Ura


async def test_a_flood_gets_one_polite_message_then_silence_until_the_minute_passes(
    ura: Ura,
) -> None:
    t = ura.telegram
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    ura.clock.advance(timedelta(minutes=2))  # joining counted too; start a fresh minute
    for _ in range(26):
        await t.send_text(ana, "/help")
    await t.wait_for_message(ana, contains="shumë mesazhe")
    await t.wait_idle(quiet=0.5)
    answers = [m for m in t.bot_messages(ana) if "/language" in m.text]
    warnings = [m for m in t.bot_messages(ana) if "shumë mesazhe" in m.text]
    assert (len(answers), len(warnings)) == (20, 1)
    ura.clock.advance(timedelta(seconds=61))
    await t.send_text(ana, "/help")
    await t.wait_for_message(ana, contains="/language", after=warnings[0])


async def test_a_chat_whose_queue_is_full_takes_no_more_replies(ura: Ura) -> None:
    await ura.reconfigure(chat_queue_cap=3)
    t = ura.telegram
    ana = t.add_user(first_name="Ana")
    await ura.join(ana)
    await t.wait_idle()
    later = ura.clock.now() + timedelta(hours=2)  # e.g. notices held for later
    async with ura.sessions.begin() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == ana.id))
        assert member is not None
        for n in range(3):
            enqueue(
                session,
                chat_id=ana.id,
                reply=Reply(f"njoftim {n}"),
                now=ura.clock.now(),
                priority=Priority.NOTICE,
                member_id=member.id,
                not_before=later,
            )
    await t.send_text(ana, "/help")
    await t.wait_idle(quiet=0.5)
    assert not [m for m in t.bot_messages(ana) if "/language" in m.text]
    async with ura.sessions() as session:
        dropped = (
            await session.scalars(
                select(OutboxMessage.last_error).where(OutboxMessage.state == "cancelled")
            )
        ).all()
    assert dropped == ["chat queue full"]


async def test_a_rejected_requester_waits_before_asking_again_and_coordinators_hear_once(
    ura: Ura,
) -> None:
    t = ura.telegram
    guri = t.add_user(first_name="Guri")
    await request_access(ura, guri, "Guri", "Askush", "Tjetër", "Vlorë")
    card = await t.wait_for_message(ura.coordinator, contains="Kërkesë për anëtarësim")
    await t.press_button(ura.coordinator, "❌ Refuzoni", message=card)
    await t.wait_for_message(guri, contains="nuk u miratua")
    for _ in range(3):
        await t.send_text(guri, "/start")
    await t.wait_for_message(guri, contains="Mund të bëni një kërkesë të re pas datës")
    await t.wait_idle(quiet=0.5)
    cards = [m for m in t.bot_messages(ura.coordinator) if "Kërkesë për anëtarësim" in m.text]
    assert cards == [card]
    async with ura.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AccessRequest)) == 1
    ura.clock.advance(timedelta(days=8))
    await request_access(ura, guri, "Guri", "Askush", "Tjetër", "Vlorë")
    await t.wait_for_message(ura.coordinator, contains="Kërkesë për anëtarësim #2")


REFUSE_EDIT = {
    "sqlite": [
        "CREATE TRIGGER refuse_edit BEFORE INSERT ON outbox "
        "WHEN NEW.kind = 'edit' AND NEW.ref_type = 'exchange_replies' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.kind = 'edit' AND NEW.ref_type = 'exchange_replies' THEN "
        "RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER refuse_edit BEFORE INSERT ON outbox FOR EACH ROW "
        "EXECUTE FUNCTION refuse_edit()",
    ],
}


async def test_a_press_whose_change_is_rolled_back_at_commit_is_not_toasted_done(
    ura: Ura,
) -> None:
    t, boss = ura.telegram, ura.coordinator
    await t.send_text(boss, "/replies Durrës")
    card = await t.wait_for_message(boss, contains="Durrës")
    await t.wait_idle()
    async with ura.sessions.begin() as session:  # the database refuses the card's edit
        for statement in REFUSE_EDIT[session.get_bind().dialect.name]:
            await session.execute(text(statement))
    group_button = card.buttons[0][1]
    answer = await t.wait_for_callback_answer(await t.press_button(boss, group_button))
    assert answer.get("text") != "✅ U krye."
    await t.wait_for_message(boss, contains="Diçka nuk funksionoi")
    async with ura.sessions() as session:
        setting = await session.scalar(select(ExchangeGroupSettings))
    assert setting is None or setting.replies_to_group is False

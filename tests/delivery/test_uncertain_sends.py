"""Lost answers and interrupted sends, decided by priority and reported honestly: an alert is
sent again (a duplicate beats a missed alert); a broadcast's copy that may have arrived is
"may not have arrived", never "failed", and is resent only if the coordinator chooses so."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import OutboxMessage
from tests.alerts.test_alerts import cards, people, raise_alert
from tests.broadcasts.test_broadcasts import SEND_NOW, committee, received, write
from tests.ura import Ura

RESEND_FAILED = "🔁 Ridërgoni te ata që nuk e morën"
RESEND_UNCERTAIN = "❔ Ridërgoni edhe aty ku mund të mos ketë mbërritur"


def labels(message: object) -> list[str]:
    return [b for row in message.buttons for b in row]  # type: ignore[attr-defined]


async def test_a_broadcast_whose_answer_was_lost_is_reported_as_may_not_have_arrived(
    ura: Ura,
) -> None:
    t = ura.telegram
    ardit, sara, _ = await committee(ura)
    t.lose_next_replies(ardit)  # Ardit gets it; Telegram's answer never comes back
    t.block(sara)
    preview = await write(ura, "Raporti mujor është gati.")
    await t.press_button(ura.coordinator, SEND_NOW, message=preview)
    report = await t.wait_for_message(ura.coordinator, contains="Raporti i njoftimit")
    assert len(received(ura, ardit, "Raporti mujor")) == 1, "not resent blindly"
    assert "❔ Mund të mos ketë mbërritur: 1" in report.text
    assert "❌ Nuk u dorëzuan: 0" in report.text
    assert "Ardit — përgjigjja e Telegram-it humbi; mesazhi mund të ketë mbërritur" in report.text
    assert "Sara — ka bllokuar Urën ose ka fshirë bisedën me të" in report.text
    assert labels(report) == [RESEND_FAILED, RESEND_UNCERTAIN]
    async with ura.sessions() as session:
        row = await session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.chat_id == ardit.id, OutboxMessage.broadcast_id.is_not(None)
            )
        )
    assert row is not None
    assert row.state == "uncertain"
    # "Resend to failed" is for the failed: Sara, not Ardit, who has it already.
    t.unblock(sara)
    await t.press_button(ura.coordinator, RESEND_FAILED, message=report)
    await t.wait_for_message(sara, contains="Raporti mujor është gati.")
    again = await t.wait_for_message(ura.coordinator, contains="Raporti i njoftimit", after=report)
    assert len(received(ura, ardit, "Raporti mujor")) == 1
    assert "❔ Mund të mos ketë mbërritur: 1" in again.text
    assert labels(again) == [RESEND_UNCERTAIN]
    # The coordinator may still choose to resend where it may not have arrived.
    await t.press_button(ura.coordinator, RESEND_UNCERTAIN, message=again)
    last = await t.wait_for_message(ura.coordinator, contains="Raporti i njoftimit", after=again)
    assert "✅ Dorëzuar: 2" in last.text
    assert labels(last) == []
    assert len(received(ura, ardit, "Raporti mujor")) == 2, "the copy the coordinator chose"


async def test_an_urgent_alert_whose_answer_was_lost_is_sent_again(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await t.wait_idle()
    t.lose_next_replies(cast.police)  # the card arrives; Telegram's answer does not
    await raise_alert(ura, cast.ngo)
    await t.wait_for_message(cast.police, contains="Sinjalizim #")
    await t.wait_idle()
    assert len(cards(ura, cast.police)) == 2, "a duplicate is better than a missed alert"
    assert len(cards(ura, cast.social)) == 1
    async with ura.sessions() as session:
        states = (
            await session.scalars(
                select(OutboxMessage.state).where(OutboxMessage.chat_id == cast.police.id)
            )
        ).all()
    assert "uncertain" not in states


async def test_an_edit_whose_answer_was_lost_is_repeated_harmlessly(ura: Ura) -> None:
    t = ura.telegram
    cast = await people(ura)
    await raise_alert(ura, cast.ngo)
    police = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    sender = await t.wait_for_message(cast.ngo, contains="Sinjalizim #1")
    await t.wait_idle()
    t.lose_next_replies(cast.ngo)  # the edit of the sender's card lands; its answer does not
    await t.press_button(cast.police, "✅ Mora dijeni", message=police)
    await t.wait_for_edit(sender, contains="marrë në dijeni nga Ardit Policia")
    async with ura.sessions() as session:
        edits = (
            await session.scalars(
                select(OutboxMessage.state).where(
                    OutboxMessage.chat_id == cast.ngo.id, OutboxMessage.kind == "edit"
                )
            )
        ).all()
    assert "uncertain" not in edits
    assert len(cards(ura, cast.ngo)) == 1, "an edit repeated adds no message"

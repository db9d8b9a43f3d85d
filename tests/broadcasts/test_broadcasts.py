"""Stories of broadcasts: a coordinator writes once, the right members read it in their language,
and the coordinator sees it go out, who was not reached and why."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.sandbox.telegram import FakeMessage, FakeUser
from storage.models import AuditEvent, Broadcast, OutboxMessage
from tests.ura import Ura

TO_GROUPS = "Sipas grupit ose qarkut"
SKIP = "⏭ Kapërceni"
SEND_NOW = "📤 Dërgoni tani"
SEND_LATER = "🕒 Dërgoni më vonë"
CANCEL = "✖️ Anuloni"


async def committee(ura: Ura) -> tuple[FakeUser, FakeUser, FakeUser]:
    """Ardit (sq) and Sara (en) sit on the Durrës committee; Besa on Tirana's."""
    t = ura.telegram
    ardit = t.add_user(first_name="Ardit", language_code="sq")
    sara = t.add_user(first_name="Sara", language_code="en")
    besa = t.add_user(first_name="Besa", language_code="sq")
    await ura.join(ardit, groups=("durres",))
    await ura.join(sara, role=Role.NGO, agency=Agency.CIVIL_SOCIETY, groups=("durres",))
    await ura.join(besa, groups=("tirane",))
    await t.wait_idle()  # everything for the joins is out before a story blocks anyone
    return ardit, sara, besa


async def write(
    ura: Ura, text_sq: str, text_en: str | None = None, groups: tuple[str, ...] = ("Durrës",)
) -> FakeMessage:
    """The coordinator goes through /broadcast up to the preview, which is returned."""
    t, me = ura.telegram, ura.coordinator
    await t.send_text(me, "/broadcast")
    await t.wait_for_message(me, contains="1/5")
    await t.press_button(me, TO_GROUPS)
    picker = await t.wait_for_message(me, contains="Shënoni")
    for name in groups:
        await t.press_button(me, name, message=picker)
        await t.wait_for_edit(picker, contains=None)
    await t.press_button(me, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(me, contains="2/5")
    await t.send_text(me, text_sq)
    step3 = await t.wait_for_message(me, contains="3/5")
    if text_en is None:
        await t.press_button(me, SKIP, message=step3)
    else:
        await t.send_text(me, text_en)
    step4 = await t.wait_for_message(me, contains="4/5")
    await t.press_button(me, SKIP, message=step4)
    return await t.wait_for_message(me, contains="5/5")


def received(ura: Ura, user: FakeUser, contains: str) -> list[FakeMessage]:
    return [m for m in ura.telegram.bot_messages(user) if contains in m.text]


async def test_a_broadcast_to_durres_reaches_its_committee_each_in_their_language(
    ura: Ura,
) -> None:
    t = ura.telegram
    ardit, sara, besa = await committee(ura)
    preview = await write(
        ura, "Mbledhja është të enjten në 10:00.", "The meeting is Thursday 10:00."
    )
    assert "Marrës: 2" in preview.text
    assert "Mbledhja është të enjten" in preview.text
    assert "The meeting is Thursday" in preview.text
    await t.press_button(ura.coordinator, SEND_NOW, message=preview)
    progress = await t.wait_for_message(ura.coordinator, contains="Ecuria:", after=preview)
    mine = await t.wait_for_message(ardit, contains="Mbledhja është të enjten")
    theirs = await t.wait_for_message(sara, contains="The meeting is Thursday")
    assert "Nga Zyra e Koordinatorit Kombëtar" in mine.text
    assert "From the Office of the National Coordinator" in theirs.text
    await t.wait_for_edit(progress, contains="Ecuria: 2 / 2")
    report = await t.wait_for_message(ura.coordinator, contains="Raporti", after=progress)
    assert "Dorëzuar: 2" in report.text
    assert "Nuk marrin mesazhe: 0" in report.text
    assert not received(ura, besa, "Mbledhja")
    # /broadcasts lists it, and its report opens from there.
    await t.send_text(ura.coordinator, "/broadcasts")
    listing = await t.wait_for_message(ura.coordinator, contains="Njoftimet", after=report)
    assert "dorëzuar 2 / 2" in listing.text
    await t.press_button(ura.coordinator, "#1", message=listing)
    await t.wait_for_message(ura.coordinator, contains="Dorëzuar: 2", after=listing)
    async with ura.sessions() as session:
        stored = await session.scalar(select(Broadcast))
        audit = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "broadcast.created")
        )
    assert stored is not None
    assert (stored.status, stored.recipients) == ("done", 2)
    assert stored.progress_outbox_id is not None
    assert audit is not None


async def test_a_blocked_member_is_reported_and_a_resend_reaches_only_them(ura: Ura) -> None:
    t = ura.telegram
    ardit, sara, _ = await committee(ura)
    t.block(sara)
    preview = await write(ura, "Raporti mujor është gati.")
    await t.press_button(ura.coordinator, SEND_NOW, message=preview)
    report = await t.wait_for_message(ura.coordinator, contains="Raporti i njoftimit")
    assert "Dorëzuar: 1" in report.text
    assert "Nuk marrin mesazhe: 1" in report.text
    assert "Sara — ka bllokuar Urën ose ka fshirë bisedën me të; kërkojini të shtypë /start" in (
        report.text
    )
    assert "Forbidden" not in report.text, "Telegram's English reason stays in the log"
    t.unblock(sara)
    await t.press_button(ura.coordinator, "🔁 Ridërgoni te ata që nuk e morën", message=report)
    await t.wait_for_message(sara, contains="Raporti mujor është gati.")
    again = await t.wait_for_message(ura.coordinator, contains="Raporti i njoftimit", after=report)
    assert "Dorëzuar: 2" in again.text
    assert len(received(ura, ardit, "Raporti mujor")) == 1
    assert len(received(ura, sara, "Raporti mujor")) == 1


async def test_a_scheduled_broadcast_waits_for_its_time(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    ardit, _, _ = await committee(ura)
    preview = await write(ura, "Kujtesë: trajnimi fillon sot.")
    await t.press_button(me, SEND_LATER, message=preview)
    ask = await t.wait_for_message(me, contains="Kur të dërgohet?", after=preview)
    await t.send_text(me, "nesër në mëngjes")
    refused = await t.wait_for_message(me, contains="Nuk e kuptova", after=ask)
    await t.send_text(me, "2026-11-01 10:00")
    past = await t.wait_for_message(me, contains="ka kaluar", after=refused)
    await t.send_text(me, "3.12.2026 10:00")
    progress = await t.wait_for_message(me, contains="Planifikuar për 03.12.2026 10:00", after=past)
    assert "Ecuria: 0 / 2" in progress.text
    await t.wait_idle(quiet=0.8)
    assert not received(ura, ardit, "trajnimi")
    ura.clock.advance(timedelta(days=11))
    ura.app.bot_data.services.wake_delivery()  # type: ignore[union-attr]
    await t.wait_for_message(ardit, contains="Kujtesë: trajnimi fillon sot.")
    await t.wait_for_edit(progress, contains="Ecuria: 2 / 2")


async def test_cancel_stops_what_was_not_sent(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    ardit, sara, _ = await committee(ura)
    preview = await write(ura, "Ky mesazh nuk duhet të dalë.")
    await t.press_button(me, SEND_LATER, message=preview)
    await t.wait_for_message(me, contains="Kur të dërgohet?", after=preview)
    await t.send_text(me, "2026-12-01 09:00")
    progress = await t.wait_for_message(me, contains="Planifikuar", after=preview)
    await t.press_button(me, CANCEL, message=progress)
    await t.wait_for_edit(progress, contains="⛔ Anuluar")
    report = await t.wait_for_message(me, contains="Raporti i njoftimit", after=progress)
    assert "Anuluar: 2" in report.text
    ura.clock.advance(timedelta(days=30))
    ura.app.bot_data.services.wake_delivery()  # type: ignore[union-attr]
    await t.wait_idle(quiet=0.8)
    assert not received(ura, ardit, "nuk duhet")
    assert not received(ura, sara, "nuk duhet")
    async with ura.sessions() as session:
        states = set(
            (
                await session.scalars(
                    select(OutboxMessage.state).where(OutboxMessage.broadcast_id.is_not(None))
                )
            ).all()
        )
        cancelled = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "broadcast.cancelled")
        )
    assert states == {"cancelled"}
    assert cancelled is not None


async def test_a_committee_member_may_not_broadcast(ura: Ura) -> None:
    t = ura.telegram
    ardit = t.add_user(first_name="Ardit")
    await ura.join(ardit)
    await t.send_text(ardit, "/broadcast")
    await t.wait_for_message(ardit, contains="nuk lejohet për rolin tuaj")
    async with ura.sessions() as session:
        assert await session.scalar(select(Broadcast)) is None


async def test_hostile_and_long_text_arrives_intact(ura: Ura) -> None:
    t = ura.telegram
    ardit, _, _ = await committee(ura)
    hostile = "<b>jo i trashë</b> & <a href='x'>lidhje</a> " + "ç" * 5000
    preview = await write(ura, hostile)  # too long for one message: split, buttons on the last
    last = await t.wait_for_message(ura.coordinator, contains="Lexuesit në anglisht", after=preview)
    assert "<b>jo i trashë</b> & <a href='x'>" in preview.text
    await t.press_button(ura.coordinator, SEND_NOW, message=last)
    await t.wait_for_message(ura.coordinator, contains="Dorëzuar: 2", after=preview)
    first = await t.wait_for_message(ardit, contains="<b>jo i trashë</b> & <a href='x'>")
    parts = [m.text for m in t.bot_messages(ardit) if m.message_id >= first.message_id]
    assert len(parts) >= 2, "5,000 characters need two Telegram messages"
    assert hostile.replace(" ", "") in "".join(parts).replace(" ", "").replace("\n", "")


async def test_an_attachment_follows_the_text(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    ardit, sara, _ = await committee(ura)
    await t.send_text(me, "/broadcast")
    await t.wait_for_message(me, contains="1/5")
    await t.press_button(me, "👥 Të gjithëve")
    await t.wait_for_message(me, contains="2/5")
    await t.send_text(me, "Plani kombëtar në shtojcë.")
    step3 = await t.wait_for_message(me, contains="3/5")
    await t.press_button(me, SKIP, message=step3)
    await t.wait_for_message(me, contains="4/5")
    await t.send_document(me, filename="plani.pdf", content=b"%PDF-1.4 plan")
    preview = await t.wait_for_message(me, contains="5/5")
    assert "plani.pdf" in preview.text
    assert "Marrës: 4" in preview.text  # everyone: three members and the coordinator
    await t.press_button(me, SEND_NOW, message=preview)
    for user in (ardit, sara):
        text = await t.wait_for_message(user, contains="Plani kombëtar")
        document = await t.wait_for_message(user, after=text)
        assert document.document is not None
        assert document.document.filename == "plani.pdf"


async def test_a_long_broadcast_with_a_file_arrives_whole_with_the_file_last(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    ardit, _, _ = await committee(ura)
    long_text = ("Plani kombëtar kundër trafikimit, kapitulli. " * 200).strip()  # ~9,000
    said = await t.send_text(me, "/broadcast")
    await t.wait_for_message(me, contains="1/5", after=said)
    await t.press_button(me, "👥 Të gjithëve")
    await t.wait_for_message(me, contains="2/5", after=said)
    said = await t.send_text(me, long_text)
    step3 = await t.wait_for_message(me, contains="3/5", after=said)
    await t.press_button(me, "⏭ Kapërceni", message=step3)
    await t.wait_for_message(me, contains="4/5", after=said)
    sent = await t.send_document(me, filename="plani.pdf", content=b"%PDF-1.4 plan")
    preview = await t.wait_for_message(me, contains="5/5", after=sent)
    assert "Marrës: 4" in preview.text  # a long preview comes in parts; buttons on the last

    def send_button() -> bool:
        return any("📤 Dërgoni tani" in row for m in t.bot_messages(me) for row in m.buttons)

    assert await t.world.notifier.wait_until(send_button, 10.0)
    await t.press_button(me, "📤 Dërgoni tani")

    def the_file() -> bool:  # the event this story needs: the file, which comes last, arrived
        return any(m.document is not None for m in t.bot_messages(ardit))

    assert await t.world.notifier.wait_until(the_file, 30.0), "the file never arrived"
    await t.wait_idle()  # and nothing after it (a second copy would show here)
    received = t.bot_messages(ardit)
    files = [m for m in received if m.document is not None]
    texts = [m for m in received if m.document is None and "Plani kombëtar" in m.text]
    assert len(files) == 1
    assert len(texts) >= 3
    assert all(m.message_id < files[0].message_id for m in texts), "the file comes last"
    assert "".join(m.text for m in texts).count("kapitulli") == 200, "nothing lost"
    refused = [(r.method, r.description[:40], str(r.params)[:300]) for r in t.refusals]
    assert not refused, f"Telegram would have refused: {refused}"

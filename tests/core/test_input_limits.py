"""Stories of bad input meeting its limits (#10): numbers and dates out of range, texts too long
to echo or to send whole, presses nobody claims, long group names on buttons, a scheduled
broadcast on record only once sent, and forms that say what they need."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.permissions import Agency, Role
from bot.core.rendering import Button, Reply
from bot.delivery import enqueue
from bot.sandbox.telegram import FakeMessage
from storage.models import AuditEvent, Broadcast, ExchangeEntry, OutboxMessage
from tests.alerts.test_alerts import people
from tests.broadcasts.test_broadcasts import CANCEL, SEND_LATER, committee, write
from tests.meetings.test_meetings import ticked
from tests.onboarding.test_joining import request_access
from tests.ura import Ura


def no_refusals(ura: Ura) -> None:
    refused = [(r.method, r.description[:40], str(r.params)[:300]) for r in ura.telegram.refusals]
    assert not refused, f"Telegram would have refused: {refused}"


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    failures = [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not failures, failures


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/suspend 99999999999999999999", "Përdorimi: /suspend N"),
        ("/reactivate ²", "Përdorimi: /suspend N"),
        ("/suspend " + "9" * 5000, "Përdorimi: /suspend N"),
        ("/chair 99999999999999999999 Durrës", "/chair"),
        ("/group add 99999999999999999999 Durrës", "/group"),
        ("/export 9999-12-31", "2000"),
        ("/export 0001-01-01", "2000"),
        ("/search strehim 9999-12-31", "2000"),
        ("/search strehim 0001-01-01", "2000"),
        ("/search strehim 01.11.2026 02.11.2026 03.11.2026", "të shumtën dy data"),
        ("/escalation durres 99999999999999d:coordinators", "Shembull: /escalation"),
    ],
)
async def test_numbers_and_dates_out_of_range_are_refused_with_an_example(
    ura: Ura, caplog: pytest.LogCaptureFixture, command: str, answer: str
) -> None:
    t, me = ura.telegram, ura.coordinator
    sent = await t.send_text(me, command)
    reply = await t.wait_for_message(me, after=sent)
    assert answer in reply.text
    assert "gabim" not in reply.text.lower()  # not "Something went wrong"
    no_tracebacks(caplog)
    no_refusals(ura)


@pytest.mark.parametrize("moment", ["0001-01-01 00:00", "9999-12-31 23:59", "31.12.2101 10:00"])
async def test_a_meeting_or_broadcast_time_beyond_the_calendar_is_refused(
    ura: Ura, caplog: pytest.LogCaptureFixture, moment: str
) -> None:
    t, me = ura.telegram, ura.coordinator
    await committee(ura)
    preview = await write(ura, "Kujtesë")
    await t.press_button(me, SEND_LATER, message=preview)
    ask = await t.wait_for_message(me, contains="Kur të dërgohet?", after=preview)
    sent = await t.send_text(me, moment)
    refused = await t.wait_for_message(me, after=sent)
    assert "Nuk e kuptova" in refused.text or "ka kaluar" in refused.text
    assert refused.message_id > ask.message_id
    no_tracebacks(caplog)


async def test_what_someone_typed_comes_back_at_most_a_hundred_characters(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    for command in ("/history ", "/search x #", "/search ", "/export ", "/group add 1 "):
        sent = await t.send_text(me, command + "ë" * 20000)
        reply = await t.wait_for_message(me, after=sent)
        assert len(reply.text) < 400, reply.text[:200]
    no_refusals(ura)


async def test_a_long_alert_is_split_before_sending_and_its_photo_comes_after_all_of_it(
    ura: Ura,
) -> None:
    t = ura.telegram
    cast = await people(ura)
    description = ("Një vajzë lyp natën në port. " * 180).strip()  # about 5,200 characters
    await t.send_text(cast.ngo, f"/alert durres child normal {description}")
    await t.wait_for_message(cast.ngo, contains="Përmbledhje")
    await t.press_button(cast.ngo, "✏️ Ndryshoni")
    await t.wait_for_message(cast.ngo, contains="Çfarë doni të ndryshoni")
    await t.press_button(cast.ngo, "Shtojcën")
    await t.wait_for_message(cast.ngo, contains="5/5")
    await t.send_photo(cast.ngo)
    summary = await t.wait_for_message(cast.ngo, contains="📷 foto")
    await t.press_button(cast.ngo, "📤 Dërgoni", message=summary)
    card = await t.wait_for_message(cast.police, contains="Sinjalizim #1")
    await t.wait_idle()
    after = [m for m in t.bot_messages(cast.police) if m.message_id > card.message_id]
    texts = [m for m in after if not m.is_media]
    media = [m for m in after if m.is_media]
    assert len(media) == 1
    assert all(m.message_id < media[0].message_id for m in texts), "the photo comes last"
    assert "".join(m.text for m in texts).count("Një vajzë lyp") == 180, "nothing lost"
    no_refusals(ura)


async def test_a_second_reject_or_a_replayed_approve_edits_nothing(ura: Ura) -> None:
    t = ura.telegram
    guri = t.add_user(first_name="Guri", language_code="sq")
    await request_access(ura, guri, "Guri", "Askush", "Tjetër", "Vlorë")
    card = await t.wait_for_message(ura.coordinator, contains="Kërkesë për")
    rows = card.reply_markup["inline_keyboard"]
    keys = {b["text"][0]: b["callback_data"] for row in rows for b in row}
    reject, approve = keys["❌"], keys["✅"]
    await t.press_callback(ura.coordinator, card, reject)
    await t.wait_for_edit(card, contains="Refuzuar nga")
    for data in (reject, approve):
        query = await t.press_callback(ura.coordinator, card, data)
        answer = await t.wait_for_callback_answer(query)
        assert "shqyrtuar tashmë" in (answer["text"] or "")
    await t.wait_idle()
    no_refusals(ura)


async def test_a_press_nobody_claims_is_answered_quietly_and_audited(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    sent = await t.send_text(me, "/help")
    help_message = await t.wait_for_message(me, after=sent)
    for data in ("zz:1:abcdefghij", "x" * 200, "\x00\xff garbage", "f"):
        query = await t.press_callback(me, help_message, data)
        answer = await t.wait_for_callback_answer(query)
        assert not answer["text"], "quietly: nothing to read"
    async with ura.sessions() as session:
        audited = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "button.unclaimed"))
        ).all()
    assert len(audited) >= 3


async def test_a_group_with_the_longest_name_is_picked_by_its_id_on_invite(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    name = "Komiteti " + "Ë" * 71  # 80 characters, 151 bytes
    sent = await t.send_text(me, f"/group new {name}")
    await t.wait_for_message(me, after=sent)
    await t.send_text(me, "/invite")
    await t.wait_for_message(me, contains="1/6")
    await t.press_button(me, "Anëtar i komitetit rajonal")
    await t.wait_for_message(me, contains="2/6")
    await t.send_text(me, "Policia e Durrësit")
    await t.wait_for_message(me, contains="3/6")
    await t.press_button(me, "Arsimi")
    picker = await t.wait_for_message(me, contains="4/6")
    await t.press_button(me, name, message=picker)
    await t.wait_for_message(me, contains="5/6", after=picker)
    no_refusals(ura)


async def schedule_broadcast(ura: Ura, text: str, when: str) -> FakeMessage:
    """The coordinator writes a broadcast to Durrës for later; returns its progress message."""
    t, me = ura.telegram, ura.coordinator
    said = await t.send_text(me, "/broadcast")
    await t.wait_for_message(me, contains="1/5", after=said)
    await t.press_button(me, "Sipas grupit ose qarkut")
    picker = await t.wait_for_message(me, contains="Shënoni", after=said)
    await t.press_button(me, "Durrës", message=picker)
    await t.wait_for_edit(picker, contains=None)
    await t.press_button(me, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(me, contains="2/5", after=said)
    said = await t.send_text(me, text)
    step3 = await t.wait_for_message(me, contains="3/5", after=said)
    await t.press_button(me, "⏭ Kapërceni", message=step3)
    step4 = await t.wait_for_message(me, contains="4/5", after=said)
    await t.press_button(me, "⏭ Kapërceni", message=step4)
    preview = await t.wait_for_message(me, contains="5/5", after=said)
    await t.press_button(me, SEND_LATER, message=preview)
    await t.wait_for_message(me, contains="Kur të dërgohet?", after=preview)
    said = await t.send_text(me, when)
    return await t.wait_for_message(me, contains="Planifikuar", after=said)


async def test_a_scheduled_broadcast_is_on_record_only_once_sent(ura: Ura) -> None:
    t, me = ura.telegram, ura.coordinator
    ardit, _, _ = await committee(ura)
    first = await schedule_broadcast(ura, "Planifikuar i anuluar", "2026-12-01 09:00")
    progress = await schedule_broadcast(ura, "Vjen më vonë", "3.12.2026 10:00")
    await t.press_button(me, CANCEL, message=first)
    await t.wait_for_edit(first, contains="⛔ Anuluar")
    sent = await t.send_text(ardit, "/search vonë")
    found = await t.wait_for_message(ardit, after=sent)
    assert "Vjen më vonë" not in found.text, "not readable before its time"
    async with ura.sessions() as session:
        assert not (await session.scalars(select(ExchangeEntry))).all()
    ura.clock.advance(timedelta(days=11))
    await ura.tick()
    ura.app.bot_data.services.wake_delivery()  # type: ignore[union-attr]
    await t.wait_for_message(ardit, contains="Vjen më vonë")
    await t.wait_for_edit(progress, contains="2 / 2")
    async with ura.sessions() as session:
        texts = [e.text for e in (await session.scalars(select(ExchangeEntry))).all()]
        cancelled = await session.scalar(select(Broadcast).where(Broadcast.status == "cancelled"))
    assert texts == ["Vjen më vonë"]
    assert cancelled is not None
    assert cancelled.text_sq == "", "a cancelled broadcast keeps no readable text"


async def test_forms_say_what_they_need(ura: Ura, caplog: pytest.LogCaptureFixture) -> None:
    t, me = ura.telegram, ura.coordinator
    await committee(ura)
    await t.send_text(me, "/broadcast")
    await t.wait_for_message(me, contains="1/5")
    await t.press_button(me, "Sipas grupit ose qarkut")
    picker = await t.wait_for_message(me, contains="Shënoni")
    sent = await t.send_text(me, "Durrës")
    said = await t.wait_for_message(me, after=sent)
    assert "butonat" in said.text
    sent = await t.send_text(me, "/meeting")
    picker = await t.wait_for_message(me, contains="1/7", after=sent)
    await t.press_button(me, "Durrës", message=picker)
    await ticked(ura, picker, "Durrës")
    await t.press_button(me, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(me, contains="2/7", after=sent)
    photo = await t.send_photo(me)
    said = await t.wait_for_message(me, after=photo)
    assert "pritet tekst" in said.text
    stranger = t.add_user(first_name="Dritan", language_code="sq")
    await t.send_text(stranger, "/start")
    await t.wait_for_message(stranger, contains="1/4")
    photo = await t.send_photo(stranger)
    said = await t.wait_for_message(stranger, after=photo)
    assert "pritet tekst" in said.text
    assert "anëtar" not in said.text
    no_tracebacks(caplog)


async def test_a_description_too_long_or_of_invisible_characters_is_named_so(ura: Ura) -> None:
    t = ura.telegram
    ngo = t.add_user(first_name="Alba")
    await ura.join(ngo, role=Role.NGO, agency=Agency.CIVIL_SOCIETY)
    sent = await t.send_text(ngo, "/alert durres child normal " + "x" * 20001)
    said = await t.wait_for_message(ngo, after=sent)
    assert "shumë i gjatë" in said.text
    assert "20000" in said.text
    sent = await t.send_text(ngo, "/alert durres child normal \u200b\u200d\u2800")
    said = await t.wait_for_message(ngo, after=sent)
    assert "shumë i gjatë" not in said.text
    assert "Përmbledhje" not in said.text


async def test_a_button_over_64_bytes_is_refused_at_once_and_logged_as_a_bug(
    ura: Ura, caplog: pytest.LogCaptureFixture
) -> None:
    t, me = ura.telegram, ura.coordinator
    oversized = Reply("Zgjidhni", ((Button("Durrës", "inv", "ë" * 40),),))
    async with ura.sessions.begin() as session:
        row = enqueue(session, chat_id=me.id, reply=oversized, now=ura.clock.now())
    ura.app.bot_data.services.wake_delivery()  # type: ignore[union-attr]
    for _ in range(100):
        async with ura.sessions() as session:
            stored = await session.get(OutboxMessage, row.id)
        assert stored is not None
        if stored.state == "failed":
            break
        await asyncio.sleep(0.05)
    assert (stored.state, stored.attempts) == ("failed", 1), "no retries: it can never fit"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("over 64 bytes: inv:" in e for e in errors), errors
    assert not [
        c for c in t.calls if c.method == "sendMessage" and c.params.get("text") == "Zgjidhni"
    ]


async def test_a_photo_or_location_at_the_broadcast_attachment_step_is_told_what_it_takes(
    ura: Ura,
) -> None:
    t, me = ura.telegram, ura.coordinator
    await committee(ura)
    said = await t.send_text(me, "/broadcast")
    await t.wait_for_message(me, contains="1/5", after=said)
    await t.press_button(me, "Sipas grupit ose qarkut")
    picker = await t.wait_for_message(me, contains="Shënoni", after=said)
    await t.press_button(me, "Durrës", message=picker)
    await t.wait_for_edit(picker, contains=None)
    await t.press_button(me, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(me, contains="2/5", after=said)
    said = await t.send_text(me, "Njoftim")
    step3 = await t.wait_for_message(me, contains="3/5", after=said)
    await t.press_button(me, "⏭ Kapërceni", message=step3)
    await t.wait_for_message(me, contains="4/5", after=said)
    for sending in (t.send_photo(me), t.send_location(me, 41.3, 19.4)):
        sent = await sending
        said_back = await t.wait_for_message(me, after=sent)
        assert "vetëm një dokument" in said_back.text
    sent = await t.send_document(me)
    await t.wait_for_message(me, contains="5/5", after=sent)
    no_refusals(ura)


async def test_a_meeting_beyond_the_calendar_is_refused_at_its_time_step(
    ura: Ura, caplog: pytest.LogCaptureFixture
) -> None:
    t, me = ura.telegram, ura.coordinator
    said = await t.send_text(me, "/meeting")
    picker = await t.wait_for_message(me, contains="1/7", after=said)
    await t.press_button(me, "Durrës", message=picker)
    await ticked(ura, picker, "Durrës")
    await t.press_button(me, "➡️ Vazhdoni", message=picker)
    await t.wait_for_message(me, contains="2/7", after=said)
    said = await t.send_text(me, "Tryeza")
    await t.wait_for_message(me, contains="3/7", after=said)
    for moment in ("0001-01-01 00:00", "9999-12-31 23:59", "00.00.2026 10:00", "²³.12.2026 10:00"):
        said = await t.send_text(me, moment)
        refused = await t.wait_for_message(me, after=said)
        assert "3.12.2026 10:00" in refused.text, "the refusal shows a valid example"
    said = await t.send_text(me, "31.12.2100 22:00")
    await t.wait_for_message(me, contains="4/7", after=said)
    no_tracebacks(caplog)

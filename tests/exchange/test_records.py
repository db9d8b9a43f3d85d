"""Stories of the exchange's record: history, search, export, the weekly digest, retention."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import timedelta

from sqlalchemy import func, select

from bot.core.permissions import Agency, Role
from bot.log import entries as exchange_log
from bot.members import directory
from storage.models import AuditEvent, ExchangeEntry, Member, OutboxMessage
from tests.exchange.test_exchange import durres_committee, post_update
from tests.ura import Ura


async def log_updates(ura: Ura, user_id: int, group: str, texts: list[str]) -> None:
    """Entries written straight to the log, as if posted one minute apart."""
    async with ura.sessions.begin() as session:
        sender = await directory.by_telegram_id(session, user_id)
        found = await directory.find_group(session, group)
        assert found is not None
        for i, text in enumerate(texts):
            await exchange_log.record(
                session,
                ura.clock.now() + timedelta(minutes=i),
                kind="update",
                sender=sender,
                group_ids=[found.id],
                topic="prevention",
                text=text,
            )


async def test_history_pages_through_the_latest_entries(ura: Ura) -> None:
    ardit, _, _ = await durres_committee(ura)
    t = ura.telegram
    await log_updates(ura, ardit.id, "durres", [f"Njoftimi numër {i}" for i in range(1, 11)])
    await t.send_text(ardit, "/history")
    page = await t.wait_for_message(ardit, contains="Njoftimi numër 10")
    assert "Njoftimi numër 3" in page.text
    assert "Njoftimi numër 2" not in page.text
    await t.wait_idle()  # Ura records the page's message id just after Telegram shows it
    await t.press_button(ardit, "◀ Më të vjetra")
    await t.wait_for_edit(page, contains="Njoftimi numër 2")
    assert "Njoftimi numër 1" in page.text
    assert "Njoftimi numër 10" not in page.text


async def test_search_finds_only_what_the_caller_may_see(ura: Ura) -> None:
    ardit, _, vesa = await durres_committee(ura)
    t = ura.telegram
    await log_updates(ura, ardit.id, "durres", ["Dy fëmijë u strehuan në qendrën e Durrësit"])
    await log_updates(ura, vesa.id, "vlore", ["Fëmijë të rrezikuar në portin e Vlorës"])
    await t.send_text(ardit, '/search "femije* -(strehuan')
    found = await t.wait_for_message(ardit, contains="🔎")
    assert "Dy fëmijë" in found.text
    assert "Vlorës" not in found.text
    await t.send_text(vesa, "/search strehuan")
    await t.wait_for_message(vesa, contains="Asgjë")
    await t.send_text(vesa, "/search femije #Durrës")
    await t.wait_for_message(vesa, contains="Nuk gjej grup")
    await t.send_text(ura.coordinator, "/search FËMIJË")
    every = await t.wait_for_message(ura.coordinator, contains="🔎")
    assert "Dy fëmijë" in every.text
    assert "Vlorës" in every.text


async def test_an_export_parses_back_to_exactly_the_stored_rows(ura: Ura) -> None:
    ardit, blerta, vesa = await durres_committee(ura)
    t = ura.telegram
    await post_update(ura, ardit, 'Raport "mujor"; me presje, dhe\nrresht të dytë')
    card = await t.wait_for_message(blerta, contains="mujor")
    await t.wait_idle()  # Ura records the card's message id just after Telegram shows it
    await t.send_text(blerta, "Faleminderit, ç'lajm i mirë!", reply_to=card)
    await t.wait_for_message(ardit, contains="Faleminderit")
    await log_updates(ura, vesa.id, "vlore", ["Nuk duhet të dalë në eksportin e Durrësit"])
    await t.send_text(ura.coordinator, "/export Durrës")
    await t.wait_for_message(ura.coordinator, contains="2 rreshta")
    await t.wait_idle()
    files = {
        m.document.filename: m.document.content
        for m in t.bot_messages(ura.coordinator)
        if m.document
    }
    csv_name = next(n for n in files if n.endswith(".csv"))
    json_name = next(n for n in files if n.endswith(".json"))
    from_csv = list(csv.DictReader(io.StringIO(files[csv_name].decode("utf-8-sig"))))
    from_json = json.loads(files[json_name])
    async with ura.sessions() as session:
        stored = (
            await session.scalars(
                select(ExchangeEntry)
                .where(ExchangeEntry.sender_name != "Vesa")
                .order_by(ExchangeEntry.id)
            )
        ).all()
    assert [int(r["id"]) for r in from_csv] == [e.id for e in stored]
    assert [r["text"] for r in from_csv] == [e.text for e in stored]
    assert [r["id"] for r in from_json] == [e.id for e in stored]
    assert [r["text"] for r in from_json] == [e.text for e in stored]
    assert from_json[1]["parent_id"] == stored[0].id
    assert from_csv[0]["groups"] == "durres"
    async with ura.sessions() as session:
        audit = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "exchange.exported")
        )
    assert audit is not None
    assert audit.details["rows"] == 2
    assert audit.details["scope"] == "durres"


async def test_advisory_members_export_only_their_own_groups_records(ura: Ura) -> None:
    t = ura.telegram
    dora = t.add_user(first_name="Dora")
    await ura.join(
        dora, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY, groups=("advisory",)
    )
    await t.send_text(dora, "/export Durrës")
    await t.wait_for_message(dora, contains="vetëm regjistrin e grupit të tyre")
    await t.send_text(dora, "/export")
    await t.wait_for_message(dora, contains="Eksporti: 0 rreshta")


async def test_the_weekly_digest_lists_the_weeks_updates_by_topic(ura: Ura) -> None:
    await ura.reconfigure(digest_enabled=True)
    ardit, blerta, _ = await durres_committee(ura)
    t = ura.telegram
    chat = t.add_group("KRAT Durrës", members=[ura.coordinator])
    await t.send_text(ura.coordinator, "/link Durrës", chat=chat)
    await t.wait_for_message(chat, contains="merr përditësimet")
    await post_update(ura, ardit, "Fushatë sensibilizimi në tre shkolla\nme detaje të tjera")
    ura.clock.advance(timedelta(days=7))
    assert await ura.tick() >= 1
    digest = await t.wait_for_message(blerta, contains="The week in Durrës")
    assert "Child protection (1)" in digest.text
    assert "Ardit: Fushatë sensibilizimi në tre shkolla" in digest.text
    assert "me detaje" not in digest.text
    assert "No open alerts" in digest.text
    await t.wait_for_message(ardit, contains="Përmbledhja e javës")
    # A group chat is paced at 20 messages a minute, so the digest may wait its turn there.
    await t.wait_for_message(chat, contains="Përmbledhja e javës", timeout=20)
    ura.clock.advance(timedelta(days=7))
    await ura.tick()
    await t.wait_for_message(blerta, contains="No updates this week", after=digest)


async def test_retention_purges_text_but_keeps_counts(ura: Ura) -> None:
    ardit, _, _ = await durres_committee(ura)
    await log_updates(ura, ardit.id, "durres", ["E vjetër dhe e ndjeshme", "Edhe kjo"])
    await ura.stop()
    ura.settings = ura.settings.model_copy(update={"retention_days": 30})
    await ura.start()
    ura.clock.advance(timedelta(days=31))
    await ura.tick()
    async with ura.sessions() as session:
        rows = (await session.scalars(select(ExchangeEntry))).all()
        purged = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "exchange.purged")
        )
        delivered = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.state == "sent"))
        ).all()
    assert delivered, "the joins' welcomes were delivered a month ago"
    assert all(r.payload == {"purged": True} for r in delivered), "no old copy keeps its text"
    assert len(rows) == 2, "the rows stay, so reports can count them"
    assert {(r.text, r.kind, r.topic) for r in rows} == {("", "update", "prevention")}
    assert all(r.purged_at is not None for r in rows)
    assert purged is not None
    assert purged.details["entries"] == 2
    await ura.telegram.send_text(ardit, "/search ndjeshme")
    await ura.telegram.wait_for_message(ardit, contains="Asgjë")


async def test_a_group_chat_that_removed_ura_is_unlinked(ura: Ura) -> None:
    ardit, _, _ = await durres_committee(ura)
    t = ura.telegram
    chat = t.add_group("KRAT Durrës", members=[ura.coordinator])
    await t.send_text(ura.coordinator, "/link Durrës", chat=chat)
    await t.wait_for_message(chat, contains="merr përditësimet")
    t.kick_bot(chat)
    await post_update(ura, ardit, "A do të vijë dikush nesër?")
    for _ in range(100):
        async with ura.sessions() as session:
            event = await session.scalar(
                select(AuditEvent).where(AuditEvent.action == "exchange.unlinked")
            )
        if event is not None:
            break
        await asyncio.sleep(0.05)
    assert event is not None
    assert "kicked" in event.details["reason"]
    async with ura.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Member)) >= 3

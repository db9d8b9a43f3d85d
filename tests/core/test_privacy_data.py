"""Stories of what Ura keeps: no live invite link in the outbox, no secret on the terminal."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import String, cast, select

from bot.sandbox.telegram import FakeBotApi
from storage.models import AccessRequest, AuditEvent, OutboxMessage
from tests.conftest import POSTGRES_URL
from tests.exchange.test_exchange import durres_committee
from tests.exchange.test_records import log_updates
from tests.onboarding.test_joining import request_access
from tests.ops.test_process import ura_env
from tests.ura import Ura


async def test_the_message_with_a_new_invite_link_is_blanked_once_sent(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await t.send_text(boss, "/invite")
    await t.wait_for_message(boss, contains="1/6")
    await t.press_button(boss, "Anëtar i komitetit rajonal")
    await t.wait_for_message(boss, contains="2/6")
    await t.send_text(boss, "Shkolla 'Naim Frashëri'")
    await t.wait_for_message(boss, contains="3/6")
    await t.press_button(boss, "Arsimi")
    await t.wait_for_message(boss, contains="4/6")
    await t.press_button(boss, "Lezhë")
    await t.wait_for_message(boss, contains="5/6")
    await t.press_button(boss, "5")
    await t.wait_for_message(boss, contains="6/6")
    await t.press_button(boss, "7 ditë")
    card = await t.wait_for_message(boss, contains="https://t.me/ura_test_bot?start=")
    token = re.search(r"start=([\w-]+)", card.text).group(1)  # type: ignore[union-attr]
    holding: list[OutboxMessage] = []
    for _ in range(100):  # the row is blanked just after Telegram accepted the message
        async with ura.sessions() as session:
            query = select(OutboxMessage).where(cast(OutboxMessage.payload, String).contains(token))
            holding = list((await session.scalars(query)).all())
        if not holding:
            break
        await asyncio.sleep(0.05)
    assert holding == [], "no copy of the live link stays in the outbox"
    async with ura.sessions() as session:
        purged = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.telegram_message_id == card.message_id)
        )
    assert purged is not None
    assert (purged.state, purged.payload) == ("sent", {"purged": True})


async def test_a_rejected_access_request_is_deleted_after_thirty_days(ura: Ura) -> None:
    t = ura.telegram
    guri = t.add_user(first_name="Guri", language_code="sq")
    await request_access(ura, guri, "Guri", "Askush", "Tjetër", "Vlorë")
    card = await t.wait_for_message(ura.coordinator, contains="Kërkesë për")
    await t.press_button(ura.coordinator, "❌ Refuzoni", message=card)
    await t.wait_for_message(guri, contains="nuk u miratua")
    ura.clock.advance(timedelta(days=29))
    await ura.tick()
    async with ura.sessions() as session:
        assert await session.scalar(select(AccessRequest)) is not None, "kept for a month"
    ura.clock.advance(timedelta(days=1, minutes=1))
    await ura.tick()
    async with ura.sessions() as session:
        left = await session.scalar(select(AccessRequest))
        purged = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "access.purged")
        )
        rejected = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "access.rejected")
        )
    assert left is None, "the name and organisation of a rejected requester are gone"
    assert purged is not None
    assert rejected is not None, "the audit still says a request was rejected"


async def run_ura(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode is not None
    return process.returncode, (out + err).decode()


async def test_a_database_password_never_reaches_the_terminal(telegram: FakeBotApi) -> None:
    unreachable = "postgresql+asyncpg://ura:Sup3r%40S3cret@127.0.0.1:9/ura"
    code, output = await run_ura(ura_env(telegram, unreachable), "db", "upgrade")
    assert code == 1
    assert output.strip().splitlines()[-1].startswith("ura: ")
    assert "S3cret" not in output
    assert "Sup3r" not in output


@pytest.mark.postgres
async def test_a_password_with_a_percent_sign_upgrades_and_is_not_printed(
    telegram: FakeBotApi,
) -> None:
    """Alembic's config read "%" as interpolation and printed the whole URL in its error."""
    if not POSTGRES_URL:
        pytest.skip("URA_TEST_POSTGRES_URL is not set")
    import asyncpg

    name = f"ura_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = POSTGRES_URL.rsplit("/", 1)[0].replace("postgres@", "postgres:Sup3r%40S3cret@", 1)
    code, output = await run_ura(ura_env(telegram, f"{base}/{name}"), "db", "upgrade")
    assert "S3cret" not in output
    assert code == 0, output
    assert "database is at the newest migration" in output


async def settled_documents(ura: Ura) -> list[OutboxMessage]:
    """The outbox rows of the sent files, once the engine has settled and forgotten them."""
    rows: list[OutboxMessage] = []
    for _ in range(100):
        async with ura.sessions() as session:
            query = select(OutboxMessage).where(OutboxMessage.kind == "document")
            rows = list((await session.scalars(query)).all())
        if rows and all(r.payload == {"purged": True} for r in rows):
            break
        await asyncio.sleep(0.05)
    return rows


async def test_an_export_is_sent_from_files_that_are_then_gone(
    ura: Ura, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    left = temp / "ura-export-left-behind"  # by a crash two days ago
    left.mkdir()
    (left / "ura-all.csv").write_text("id,text\n1,E vjetër\n")
    os.utime(left, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    ardit, _, _ = await durres_committee(ura)
    t = ura.telegram
    await log_updates(ura, ardit.id, "durres", ["Vizitë në shkollën e Shkozetit", "Takim"])
    await t.send_text(ura.coordinator, "/export Durrës")
    await t.wait_for_message(ura.coordinator, contains="Po përgatitet eksporti")
    await t.wait_for_message(ura.coordinator, contains="2 rreshta")
    await t.wait_idle()
    files = {
        m.document.filename: m.document.content
        for m in t.bot_messages(ura.coordinator)
        if m.document
    }
    assert sorted(n.rsplit(".", 1)[1] for n in files) == ["csv", "json"]
    assert all(b"Shkozetit" in content for content in files.values())
    rows = await settled_documents(ura)
    assert [r.state for r in rows] == ["sent", "sent"]
    assert all(r.payload == {"purged": True} for r in rows), "no copy kept in the outbox"
    assert list(temp.iterdir()) == [], "the files are deleted once sent, and old leftovers"
    async with ura.sessions() as session:
        audit = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "exchange.exported")
        )
    assert audit is not None
    assert (audit.details["rows"], audit.details["scope"]) == (2, "durres")


async def test_an_export_larger_than_telegram_allows_is_refused_with_a_way_to_narrow_it(
    ura: Ura, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    await ura.reconfigure(export_max_bytes=4096)
    ardit, _, _ = await durres_committee(ura)
    t = ura.telegram
    await log_updates(
        ura, ardit.id, "durres", [f"Raporti {i}: " + "fjalë " * 100 for i in range(20)]
    )
    await t.send_text(ura.coordinator, "/export")
    refusal = await t.wait_for_message(ura.coordinator, contains="nuk u dërgua")
    assert "ngushtoni periudhën" in refusal.text
    assert "/export Durrës 01.11.2026 15.11.2026" in refusal.text
    await t.wait_idle()
    assert not [m for m in t.bot_messages(ura.coordinator) if m.document]
    assert list(temp.iterdir()) == [], "nothing is left on disk"
    async with ura.sessions() as session:
        audit = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "exchange.export_refused")
        )
    assert audit is not None
    assert audit.details["scope"] == "all"


async def test_export_files_that_telegram_refuses_are_deleted_too(
    ura: Ura, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    ardit, _, _ = await durres_committee(ura)
    t = ura.telegram
    await log_updates(ura, ardit.id, "durres", ["Vizitë në shkollën e Shkozetit"])
    # Telegram refuses everything Ura sends the coordinator now: the notices and both files.
    t.fail_next(ura.coordinator.id, 400, "Bad Request: wrong file", times=4)
    await t.send_text(ura.coordinator, "/export Durrës")
    rows = await settled_documents(ura)
    assert [r.state for r in rows] == ["failed", "failed"]
    assert all(r.payload == {"purged": True} for r in rows)
    assert list(temp.iterdir()) == [], "a file that failed for good is deleted as well"

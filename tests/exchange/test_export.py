"""`ura export` writes the log as CSV and JSON that parse back to the stored rows, audited."""

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.log import entries
from bot.members import directory
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import AuditEvent


async def test_ura_export_writes_both_files_and_audits_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    url = database_url
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        durres = await directory.find_group(session, "durres")
        vlore = await directory.find_group(session, "vlore")
        assert durres
        assert vlore
        for gid, day, text in (
            (durres.id, 2, "Në Durrës"),
            (vlore.id, 3, "Në Vlorë"),
            (durres.id, 20, "Vonë"),
        ):
            await entries.record(
                session,
                datetime(2026, 11, day, 10, tzinfo=UTC),
                kind="update",
                sender=None,
                group_ids=[gid],
                topic="other",
                text=text,
            )
    monkeypatch.setenv("URA_DATABASE_URL", url)
    out = tmp_path / "out"
    args = [
        "export",
        "--group",
        "Durrës",
        "--from",
        "01.11.2026",
        "--to",
        "2026-11-10",
        "--out",
        str(out),
    ]
    assert await _in_thread(args) == 0
    [csv_file] = out.glob("*.csv")
    [json_file] = out.glob("*.json")
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text("utf-8-sig"))))
    assert [r["text"] for r in rows] == ["Në Durrës"]
    assert [r["text"] for r in json.loads(json_file.read_text("utf-8"))] == ["Në Durrës"]
    async with sessions() as session:
        audit = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "exchange.exported")
        )
    await engine.dispose()
    assert audit is not None
    assert audit.details["rows"] == 1
    assert audit.details["since"].startswith("2026-11-01")


async def _in_thread(args: list[str]) -> int:
    """The CLI runs its own event loop (asyncio.run), so give it a thread of its own."""
    import asyncio

    return await asyncio.to_thread(main, args)


def test_a_text_a_spreadsheet_would_run_as_a_formula_stays_text_in_the_csv(
    tmp_path: Path,
) -> None:
    from bot.exchange.export import COLUMNS, ExportFiles

    row = {column: None for column in COLUMNS}
    row.update(id=1, groups=["durres"], attachments=[], text='=HYPERLINK("http://x","kliko")')
    files = ExportFiles(tmp_path, "x")
    files.write([row])
    files.close()
    [parsed] = list(csv.DictReader(io.StringIO(files.csv_path.read_text("utf-8-sig"))))
    assert json.loads(files.json_path.read_text("utf-8"))[0]["text"].startswith("=HYPERLINK")
    assert parsed["text"] == '\'=HYPERLINK("http://x","kliko")'
    assert parsed["groups"] == "durres"

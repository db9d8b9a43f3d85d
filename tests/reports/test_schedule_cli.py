"""When the monthly report is due, and `ura report` writing the files (audited)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.reports.schedule import due_at, first_working_day, next_report
from config.settings import Settings
from storage.db import create_engine, create_session_factory
from storage.models import AuditEvent

SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


def test_the_first_working_day_skips_weekends_and_new_year() -> None:
    assert first_working_day(date(2026, 12, 1)) == date(2026, 12, 1)  # a Tuesday
    assert first_working_day(date(2026, 8, 1)) == date(2026, 8, 3)  # Saturday -> Monday
    assert first_working_day(date(2027, 1, 1)) == date(2027, 1, 4)  # 1-2 January, weekend
    # 09:00 in Tirana: UTC+1 in winter, UTC+2 in summer.
    assert due_at(date(2026, 12, 1), SETTINGS) == datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert due_at(date(2026, 6, 1), SETTINGS) == datetime(2026, 6, 1, 7, tzinfo=UTC)


def test_the_next_report_is_this_month_until_its_hour_has_passed() -> None:
    assert next_report(datetime(2026, 12, 1, 7, 59, tzinfo=UTC), SETTINGS) == date(2026, 12, 1)
    assert next_report(datetime(2026, 12, 1, 8, 0, tzinfo=UTC), SETTINGS) == date(2027, 1, 1)
    assert next_report(datetime(2026, 11, 23, 9, tzinfo=UTC), SETTINGS) == date(2026, 12, 1)


async def _audited(url: str) -> list[AuditEvent]:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            query = select(AuditEvent).where(AuditEvent.action == "report.written")
            return list(await session.scalars(query))
    finally:
        await engine.dispose()


def test_ura_report_writes_the_files_and_audits_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    url = f"sqlite+aiosqlite:///{tmp_path}/ura.db"
    monkeypatch.setenv("URA_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    out = tmp_path / "out"
    assert main(["report", "--period", "2026-11", "--out", str(out), "--audience", "advisory"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "ura-report-2026-11-advisory-1-map.png",
        "ura-report-2026-11-advisory-2-regions.png",
        "ura-report-2026-11-advisory-3-trend.png",
        "ura-report-2026-11-advisory-4-roundtables.png",
        "ura-report-2026-11-advisory.csv",
        "ura-report-2026-11-advisory.pdf",
    ]
    assert "ura-report-2026-11-advisory.pdf" in capsys.readouterr().out
    (event,) = asyncio.run(_audited(url))
    assert (event.subject_id, event.details["audience"]) == ("2026-11", "advisory")
    assert main(["report", "--period", "nëntor", "--out", str(out)]) == 2
    assert "2026-Q4" in capsys.readouterr().err

"""`ura report --period 2026-11 --out DIR`: the same PNG, PDF and CSV files, written to disk."""

from __future__ import annotations

from pathlib import Path

from bot.core import audit
from bot.core.clock import SystemClock
from bot.core.i18n import Translator
from bot.reports.model import Audience
from bot.reports.period import parse
from bot.reports.report import read_figures, render, write
from config.settings import Settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade


async def write_report(
    settings: Settings, period_text: str, out: Path, audience: Audience, lang: str | None
) -> list[Path]:
    """Raises bot.reports.BadPeriod for a period Ura cannot read. Audited."""
    await upgrade(settings.database_url)
    now = SystemClock().now()
    period = parse(period_text, now, settings.zone)
    translator = Translator(settings.default_language)
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            found = await read_figures(session, period, now, settings)
            made = render(found, translator, translator.language(lang), audience, settings)
            written = write(made, out)
            audit.record(
                session,
                now,
                "report.written",
                subject=("period", period.token),
                audience=audience.value,
                files=[p.name for p in written],
            )
    finally:
        await engine.dispose()
    return written

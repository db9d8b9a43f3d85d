"""Report benchmark: a year for all twelve regions, then the figures and the whole report.

Seeds a fresh database (migrated as in production) with 20,000 alerts, 1,000 roundtables,
100,000 exchange-log entries and 2,000 members (bench.reports_seed), then times reading the
figures of one month (goal <= 2 s) and the whole report: figures, summary, four charts, the
PDF and the CSV (goal <= 5 s). The best of a few runs, on SQLite and, when a URL is given,
on PostgreSQL.

    .venv/bin/python -m bench.reports [--json FILE] [--postgres postgresql+asyncpg://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.reports_seed import seed_year
from bot.core.i18n import Translator
from bot.reports import Audience, parse_period, read_figures, render
from config.settings import Settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
GOALS = {"figures_s": 2.0, "full_report_s": 5.0}


async def measure(url: str, runs: int) -> dict[str, float]:
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    started = time.perf_counter()
    async with sessions.begin() as session:
        await seed_year(session)
    seeded = time.perf_counter() - started
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    translator = Translator()
    period = parse_period("2026-11", NOW, settings.zone)
    figures_s, full_s = [], []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            async with sessions() as session:
                found = await read_figures(session, period, NOW, settings)
            figures_s.append(time.perf_counter() - started)
            render(found, translator, "sq", Audience.COORDINATOR, settings)
            full_s.append(time.perf_counter() - started)
    finally:
        await engine.dispose()
    return {"seed_s": seeded, "figures_s": min(figures_s), "full_report_s": min(full_s)}


async def fresh_postgres(url: str) -> str:
    import asyncpg

    name = f"ura_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return url.rsplit("/", 1)[0] + f"/{name}"


async def main(args: argparse.Namespace) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        sqlite = await measure(f"sqlite+aiosqlite:///{folder}/bench.db", args.runs)
    results.update(sqlite)
    if args.postgres:
        pg = await measure(await fresh_postgres(args.postgres), args.runs)
        results.update({f"{key}_pg": value for key, value in pg.items()})
    return results


def run() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--json", type=Path, help="write the results as one JSON object")
    parser.add_argument("--postgres", help="also on this PostgreSQL server (a fresh database)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = asyncio.run(main(args))
    for key, value in results.items():
        goal = next((g for k, g in GOALS.items() if key.startswith(k)), None)
        verdict = "" if goal is None else ("  ok" if value <= goal else f"  over {goal} s")
        print(f"{key:20} {value:8.3f} s{verdict}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    run()

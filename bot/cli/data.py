"""Commands that read or write Ura's records: `ura export`, `ura routing`, `ura report`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.alerts import routing as alert_routing
from bot.cli.common import NO_LIMIT, CliError
from bot.core import parse
from bot.core.clock import SystemClock
from bot.exchange import export as exchange_export
from bot.exchange import search
from bot.members import directory
from config.settings import Settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade


async def report(settings: Settings, args: argparse.Namespace) -> str:
    from bot.reports import Audience, BadPeriod
    from bot.reports.command import write_report

    try:
        written = await write_report(
            settings, args.period, args.out, Audience(args.audience), args.lang
        )
    except BadPeriod:
        raise CliError("a period looks like 2026-11, 2026-Q4, 2026 or two dates") from None
    return "\n".join(str(path) for path in written)


def routing_file(path: str | None) -> alert_routing.Routing:
    try:
        return alert_routing.validate_routing(json.loads(Path(path or "").read_text("utf-8")))
    except (OSError, ValueError) as error:
        raise CliError(f"routing not loaded: {error}") from None


async def routing(settings: Settings, table: alert_routing.Routing | None) -> str:
    """Show or replace (audited) the alert routing table, without a deploy or a restart."""
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            if table is not None:
                await alert_routing.set_routing(session, SystemClock().now(), table, None)
            table = await alert_routing.routing_table(session)
    finally:
        await engine.dispose()
    return json.dumps({"categories": table}, indent=2)


async def export(settings: Settings, args: argparse.Namespace) -> str:
    await upgrade(settings.database_url)
    days = [parse.day(d) for d in (args.since, args.until) if d]
    if None in days:
        raise CliError("dates look like 01.11.2026 or 2026-11-01")
    since, until = search.day_bounds(sorted(d for d in days if d), settings.zone)
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as session:
            group = await directory.find_group(session, args.group) if args.group else None
        if args.group and group is None:
            raise CliError(f"unknown group {args.group!r}")
        scope = exchange_export.Scope(
            [group.id] if group else None,
            since if args.since else None,
            until if args.until else None,
            group.slug if group else "all",
        )
        now = SystemClock().now()
        args.out.mkdir(parents=True, exist_ok=True)
        made = await exchange_export.write(engine, args.out, now, scope, NO_LIMIT)
        async with sessions.begin() as session:
            exchange_export.record(session, now, None, scope, made)
    finally:
        await engine.dispose()
    return f"{made.rows} rows written to {made.csv_path} and {made.json_path.name}"

"""The `ura` command: run the bot, upgrade the database, make invite links."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot import __version__
from bot.clock import SystemClock
from bot.services import alert_routing, exchange_export, exchange_search, invites, members
from bot.services.permissions import Agency, Role
from config.settings import Settings, SettingsError, load_settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade

EXIT_USAGE = 2


class CliError(Exception):
    """A problem the person at the terminal can fix; printed as one line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ura", description="Ura, the anti-trafficking bridge.")
    parser.add_argument("--version", action="version", version=f"ura {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (long polling); upgrades the database first")
    run.add_argument(
        "--webhook", action="store_true", help="webhook mode (also when URA_WEBHOOK_URL is set)"
    )
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade", "backup", "restore"])
    db.add_argument("file", nargs="?", type=Path, help="for backup and restore (SQLite)")
    invite = sub.add_parser("invite", help="print an invite link (t.me deep link)")
    invite.add_argument("--role", required=True, choices=[r.value for r in Role])
    invite.add_argument("--org", required=True, help="organisation or institution")
    invite.add_argument("--agency", choices=[a.value for a in Agency])
    invite.add_argument("--group", action="append", default=[], help="e.g. Durrës or durres")
    invite.add_argument("--uses", type=int, default=1)
    invite.add_argument("--expires-days", type=int, default=7)
    export = sub.add_parser("export", help="write the exchange log as CSV and JSON (audited)")
    export.add_argument("--group", help="e.g. Durrës or durres; default: every group")
    export.add_argument("--from", dest="since", help="first day, e.g. 01.11.2026 or 2026-11-01")
    export.add_argument("--to", dest="until", help="last day, included")
    export.add_argument("--out", required=True, type=Path, help="folder for the two files")
    routing = sub.add_parser("routing", help="show the alert routing table, or load it (JSON)")
    routing.add_argument("action", choices=["show", "load"])
    routing.add_argument("file", nargs="?", help="for load: e.g. config/alert_routing.json")
    return parser


async def _ask_telegram(settings: Settings) -> str:
    """The bot's username from getMe; a refused token or an unreachable server is one line."""
    api = settings.telegram_api_url
    bot = Bot(settings.require_token(), base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")
    try:
        async with bot:
            return bot.username
    except InvalidToken:
        raise CliError(
            "URA_BOT_TOKEN: Telegram refused this token (check it with BotFather)"
        ) from None
    except TelegramError as error:
        raise CliError(
            f"URA_TELEGRAM_API_URL: cannot reach the Bot API at {api} ({error})"
        ) from None


async def _bot_username(settings: Settings) -> str:
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    return await _ask_telegram(settings)


async def _invite(settings: Settings, args: argparse.Namespace) -> str:
    await upgrade(settings.database_url)
    role = Role(args.role)
    agency = (
        Agency(args.agency)
        if args.agency
        else (Agency.CIVIL_SOCIETY if role is Role.NGO else Agency.OTHER)
    )
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            groups = []
            for name in args.group:
                group = await members.find_group(session, name)
                if group is None:
                    known = ", ".join(g.name for g in await members.all_groups(session))
                    raise CliError(f"unknown group {name!r}; known groups: {known}")
                groups.append(group)
            username = await _bot_username(settings)
            terms = invites.InviteTerms(
                role, args.org.strip(), agency, groups, args.uses, args.expires_days
            )
            try:
                token = await invites.create(session, SystemClock().now(), terms, None)
            except ValueError as error:
                raise CliError(str(error)) from None
    finally:
        await engine.dispose()
    return invites.deep_link(username, token)


def _routing_file(path: str | None) -> alert_routing.Routing:
    try:
        return alert_routing.validate_routing(json.loads(Path(path or "").read_text("utf-8")))
    except (OSError, ValueError) as error:
        raise CliError(f"routing not loaded: {error}") from None


async def _routing(settings: Settings, table: alert_routing.Routing | None) -> str:
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


async def _export(settings: Settings, args: argparse.Namespace) -> str:
    await upgrade(settings.database_url)
    days = [exchange_search.parse_date(d) for d in (args.since, args.until) if d]
    if None in days:
        raise CliError("dates look like 01.11.2026 or 2026-11-01")
    since, until = exchange_search.day_bounds(sorted(d for d in days if d), settings.zone)
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            group = await members.find_group(session, args.group) if args.group else None
            if args.group and group is None:
                raise CliError(f"unknown group {args.group!r}")
            made = await exchange_export.export(
                session,
                SystemClock().now(),
                actor=None,
                group_ids=[group.id] if group else None,
                since=since if args.since else None,
                until=until if args.until else None,
                label=group.slug if group else "all",
            )
    finally:
        await engine.dispose()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{made.filename}.csv").write_bytes(made.csv_bytes)
    (args.out / f"{made.filename}.json").write_bytes(made.json_bytes)
    return f"{len(made.rows)} rows written to {args.out / made.filename}.csv and .json"


def _run(settings: Settings, webhook: bool) -> None:
    from bot.app import build_application  # the composition root, only when running
    from bot.ops import logs, serve

    settings.require_token()
    webhook = webhook or bool(settings.webhook_url)
    if webhook:
        settings.require_webhook()
    logs.configure(settings)
    asyncio.run(_ask_telegram(settings))  # a wrong token or URL: one line, not a traceback
    asyncio.run(upgrade(settings.database_url))
    serve.run(build_application(settings), settings, webhook)


def _db(settings: Settings, args: argparse.Namespace) -> str:
    from bot.ops import backup

    if args.action == "upgrade":
        asyncio.run(upgrade(settings.database_url))
        return "database is at the newest migration"
    if args.file is None:
        raise CliError(f"ura db {args.action} FILE")
    try:
        if args.action == "backup":
            return backup.backup(settings.database_url, args.file)
        stale = settings.delivery.worker_stale_seconds
        return backup.restore(settings.database_url, args.file, stale)
    except backup.BackupError as error:
        raise CliError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "run":
            _run(settings, args.webhook)
        elif args.command == "db":
            print(_db(settings, args))
        elif args.command == "invite":
            print(asyncio.run(_invite(settings, args)))
        elif args.command == "export":
            print(asyncio.run(_export(settings, args)))
        elif args.command == "routing":
            table = _routing_file(args.file) if args.action == "load" else None
            print(asyncio.run(_routing(settings, table)))
    except (SettingsError, CliError) as error:
        print(f"ura: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0

"""The `ura` command: run the bot, upgrade the database, make invite links."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from telegram import Bot, Update
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


class _RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self._token:
            message = record.getMessage()
            if self._token in message:
                record.msg, record.args = message.replace(self._token, "<token>"), None
        return True


def _configure_logging(token: str) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_RedactToken(token))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ura", description="Ura, the anti-trafficking bridge.")
    parser.add_argument("--version", action="version", version=f"ura {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (long polling); upgrades the database first")
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"])
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
    sandbox = sub.add_parser("sandbox", help="try Ura in a browser, without Telegram or a token")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--host", default="127.0.0.1", help="listen elsewhere than loopback")
    sandbox.add_argument("--demo", action="store_true", help="a cast, some history and a tour")
    sandbox.add_argument("--lang", choices=["sq", "en"], default="sq")
    sandbox.add_argument("--dir", type=Path, help="keep the sandbox's database in this folder")
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


def _run(settings: Settings) -> None:
    from bot.app import build_application  # the composition root, only when running

    token = settings.require_token()
    _configure_logging(token)
    asyncio.run(_ask_telegram(settings))  # a wrong token or URL: one line, not a traceback
    asyncio.run(upgrade(settings.database_url))
    build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)


def _sandbox(args: argparse.Namespace) -> int:
    from bot.sandbox.run import Options, SandboxRefused, serve

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    options = Options(args.port, args.host, args.demo, args.lang, args.dir)
    try:
        asyncio.run(serve(options))
    except SandboxRefused as refused:
        print(f"ura sandbox: {refused}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:  # the port is taken, the folder cannot be written
        print(f"ura sandbox: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "sandbox":
        return _sandbox(args)
    try:
        settings = load_settings()
        if args.command == "run":
            _run(settings)
        elif args.command == "db":
            asyncio.run(upgrade(settings.database_url))
            print("database is at the newest migration")
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

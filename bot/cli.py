"""The `ura` command: run the bot, upgrade the database, make invite links."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot import __version__
from bot.alerts import routing as alert_routing
from bot.channels import cli as webhook_cli
from bot.core import parse, signing_keys
from bot.core.clock import SystemClock
from bot.core.permissions import Agency, Role
from bot.core.redaction import Redactor, database_secrets
from bot.exchange import export as exchange_export
from bot.exchange import search
from bot.members import directory, invites
from config.settings import Settings, SettingsError, load_settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade

EXIT_USAGE = 2
NO_LIMIT = 2**62  # files written to disk, not sent through Telegram


class CliError(Exception):
    """A problem the person at the terminal can fix; printed as one line."""


def _redactor(settings: Settings) -> Redactor:
    """The token and the database password, blanked in every line Ura prints."""
    token = settings.bot_token.get_secret_value().strip() if settings.bot_token else ""
    return Redactor([token, *database_secrets(settings.database_url)])


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
    invite = sub.add_parser("invite", help="print an invite link; or list or revoke invites")
    invite.add_argument("action", nargs="?", choices=["create", "list", "revoke"], default="create")
    invite.add_argument("number", nargs="?", type=int, help="for revoke: the invite's number")
    invite.add_argument("--role", choices=[r.value for r in Role])
    invite.add_argument("--org", help="organisation or institution")
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
    keys = sub.add_parser("keys", help="rotate the key that signs buttons (audited)")
    keys.add_argument("action", choices=["rotate"])
    report = sub.add_parser("report", help="write a monitoring report's PNG, PDF and CSV (audited)")
    report.add_argument("--period", default="", help="2026-11, 2026-Q4, 2026; default: this month")
    report.add_argument("--out", required=True, type=Path, help="folder for the files")
    report.add_argument("--audience", choices=["coordinator", "advisory"], default="coordinator")
    report.add_argument("--lang", choices=["sq", "en"], help="default: URA_DEFAULT_LANGUAGE")
    hooks = sub.add_parser("webhooks", help="outgoing webhooks: add, list, remove, test")
    hooks.add_argument("action", choices=["add", "list", "remove", "test"])
    hooks.add_argument("target", nargs="?", help="add: the URL; remove/test: the endpoint's id")
    hooks.add_argument(
        "--events", default="", help="comma-separated, e.g. alert.raised,alert.resolved"
    )
    hooks.add_argument("--with-texts", action="store_true", help="include alert and meeting texts")
    sandbox = sub.add_parser("sandbox", help="try Ura in a browser, without Telegram or a token")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--host", default="127.0.0.1", help="listen elsewhere than loopback")
    sandbox.add_argument("--demo", action="store_true", help="a cast, some history and a tour")
    sandbox.add_argument("--lang", choices=["sq", "en"], default="sq")
    sandbox.add_argument("--dir", type=Path, help="keep the sandbox's database in this folder")
    return parser


async def _rotate_keys(settings: Settings) -> str:
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            await signing_keys.rotate(session, SystemClock().now(), None)
    finally:
        await engine.dispose()
    hours = settings.signing_key_grace.total_seconds() / 3600
    days = f"{hours / 24:g} days" if hours >= 24 else f"{hours:g} hours"
    note = " (URA_SECRET_KEY is set: it signs, not this key)" if settings.secret_key else ""
    return f"new signing key made; buttons signed before still work for {days}{note}"


async def _report(settings: Settings, args: argparse.Namespace) -> str:
    from bot.reports import Audience, BadPeriod
    from bot.reports.command import write_report

    try:
        written = await write_report(
            settings, args.period, args.out, Audience(args.audience), args.lang
        )
    except BadPeriod:
        raise CliError("a period looks like 2026-11, 2026-Q4, 2026 or two dates") from None
    return "\n".join(str(path) for path in written)


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


async def _invites(settings: Settings, args: argparse.Namespace) -> str:
    """`ura invite list` (the open invites) or `ura invite revoke N` (audited)."""
    await upgrade(settings.database_url)
    now = SystemClock().now()
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            if args.action == "revoke":
                if args.number is None:
                    raise CliError("which invite? ura invite revoke N (N from ura invite list)")
                if await invites.revoke(session, now, args.number, None) is None:
                    raise CliError(f"no open invite number {args.number}")
                return f"invite {args.number} revoked"
            found = await invites.open_invites(session, now)
            lines = [
                f"{i.id}\t{i.role}\t{i.organisation_name}\tuses left {i.uses_left}\t"
                f"expires {i.expires_at.astimezone(settings.zone):%d.%m.%Y %H:%M}"
                for i in found
            ]
            return "\n".join(lines) or "no open invites"
    finally:
        await engine.dispose()


async def _invite(settings: Settings, args: argparse.Namespace) -> str:
    if args.action != "create":
        return await _invites(settings, args)
    if not args.role or not args.org:
        raise CliError("an invite needs --role and --org")
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
                group = await directory.find_group(session, name)
                if group is None:
                    known = ", ".join(g.name for g in await directory.all_groups(session))
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
    except SettingsError as error:
        print(f"ura: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _command(settings, args)
    except Exception as error:  # an unexpected failure: the traceback, without secrets
        redactor = _redactor(settings)
        print(redactor.redact("".join(traceback.format_exception(error))), file=sys.stderr)
        print(f"ura: {redactor.redact(f'{type(error).__name__}: {error}')}", file=sys.stderr)
        return 1


def _command(settings: Settings, args: argparse.Namespace) -> int:
    try:
        if args.command == "run":
            _run(settings, args.webhook)
        elif args.command == "db":
            print(_db(settings, args))
        elif args.command == "invite":
            print(asyncio.run(_invite(settings, args)))
        elif args.command == "export":
            print(asyncio.run(_export(settings, args)))
        elif args.command == "keys":
            print(asyncio.run(_rotate_keys(settings)))
        elif args.command == "report":
            print(asyncio.run(_report(settings, args)))
        elif args.command == "webhooks":
            print(asyncio.run(webhook_cli.run(settings, args)))
        elif args.command == "routing":
            table = _routing_file(args.file) if args.action == "load" else None
            print(asyncio.run(_routing(settings, table)))
    except (SettingsError, CliError) as error:
        print(f"ura: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0

"""Commands about the process and its database: `ura run`, `ura db`, `ura sandbox`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.cli.common import EXIT_USAGE, CliError, ask_telegram
from config.settings import Settings
from storage.migrate import upgrade


def run(settings: Settings, webhook: bool) -> None:
    from bot.app import build_application  # the composition root, only when running
    from bot.ops import logs, serve

    settings.require_token()
    webhook = webhook or bool(settings.webhook_url)
    if webhook:
        settings.require_webhook()
    logs.configure(settings)
    asyncio.run(ask_telegram(settings))  # a wrong token or URL: one line, not a traceback
    asyncio.run(upgrade(settings.database_url))
    serve.run(build_application(settings), settings, webhook)


def db(settings: Settings, args: argparse.Namespace) -> str:
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


def sandbox(args: argparse.Namespace) -> int:
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

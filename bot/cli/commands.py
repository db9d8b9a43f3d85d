"""`ura`'s entry point: read the settings, run one command, print its result or one line."""

from __future__ import annotations

import argparse
import asyncio
import sys
import traceback
from collections.abc import Sequence

from bot.channels import cli as webhook_cli
from bot.cli import data, members, process
from bot.cli.common import EXIT_USAGE, CliError, redactor
from bot.cli.parser import parser
from config.settings import Settings, SettingsError, load_settings


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "sandbox":
        return process.sandbox(args)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"ura: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _command(settings, args)
    except Exception as error:  # an unexpected failure: the traceback, without secrets
        blank = redactor(settings)
        print(blank.redact("".join(traceback.format_exception(error))), file=sys.stderr)
        print(f"ura: {blank.redact(f'{type(error).__name__}: {error}')}", file=sys.stderr)
        return 1


def _command(settings: Settings, args: argparse.Namespace) -> int:
    try:
        if args.command == "run":
            process.run(settings, args.webhook)
        elif args.command == "db":
            print(process.db(settings, args))
        elif args.command == "invite":
            print(asyncio.run(members.invite(settings, args)))
        elif args.command == "export":
            print(asyncio.run(data.export(settings, args)))
        elif args.command == "keys":
            print(asyncio.run(members.rotate_keys(settings)))
        elif args.command == "report":
            print(asyncio.run(data.report(settings, args)))
        elif args.command == "webhooks":
            print(asyncio.run(webhook_cli.run(settings, args)))
        elif args.command == "routing":
            table = data.routing_file(args.file) if args.action == "load" else None
            print(asyncio.run(data.routing(settings, table)))
    except (SettingsError, CliError) as error:
        print(f"ura: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0

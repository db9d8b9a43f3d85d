"""The `ura` command line: its commands and their arguments."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot import __version__
from bot.core.permissions import Agency, Role


def parser() -> argparse.ArgumentParser:
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

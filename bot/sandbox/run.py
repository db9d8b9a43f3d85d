"""`ura sandbox`: the real bot against the built-in Bot API server, and a page to play it.

An embedded SQLite database in a temporary (or given) folder, the same build_application and
delivery engine as in production, Telegram's limits enforced by the built-in server; the page
listens on loopback unless told otherwise."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.app import build_application, start, stop
from bot.core.i18n import Translator
from bot.sandbox import page, tour
from bot.sandbox.cast import Sandbox
from bot.sandbox.telegram import FakeBotApi, Limits
from config.settings import Settings
from storage.migrate import upgrade

TOKEN = "1:ura-sandbox"  # not a Telegram token: the built-in server is the only one it opens
BOT_USERNAME = "ura_sandbox_bot"


class SandboxRefused(Exception):
    """The sandbox will not start this way; the message says why, in one line."""


@dataclass(frozen=True)
class Options:
    port: int = 8765
    host: str = "127.0.0.1"
    demo: bool = False
    lang: str = "sq"
    directory: Path | None = None


def check_environment(environ: dict[str, str]) -> None:
    """A real token or a real database must never meet the sandbox by accident."""
    token = environ.get("URA_BOT_TOKEN", "")
    if token and token != TOKEN:
        raise SandboxRefused(
            "URA_BOT_TOKEN is set: the sandbox never uses a real bot token; unset it"
        )
    if environ.get("URA_DATABASE_URL"):
        raise SandboxRefused(
            "URA_DATABASE_URL is set: the sandbox keeps its own database (use --dir); unset it"
        )


def settings_for(telegram: FakeBotApi, directory: Path, lang: str, coordinator: int) -> Settings:
    return Settings(
        bot_token=TOKEN,
        bot_username=BOT_USERNAME,
        telegram_api_url=telegram.base_url,
        database_url=f"sqlite+aiosqlite:///{directory / 'ura.db'}",
        default_language=lang,
        coordinators=[coordinator],
        _env_file=None,
    )


async def serve(options: Options, ready: asyncio.Event | None = None) -> None:
    check_environment(dict(os.environ))
    directory = options.directory or Path(tempfile.mkdtemp(prefix="ura-sandbox-"))
    directory.mkdir(parents=True, exist_ok=True)
    async with FakeBotApi(token=TOKEN, bot_username=BOT_USERNAME, limits=Limits()) as telegram:
        translator = Translator(options.lang)
        name = str(translator(options.lang, "sandbox.coordinator_name"))
        first, _, last = name.partition(" ")
        coordinator = telegram.add_user(
            first_name=first, last_name=last or None, language_code=options.lang
        )
        settings = settings_for(telegram, directory, options.lang, coordinator.id)
        await upgrade(settings.database_url)
        app = build_application(settings)
        await start(app, poll_timeout=10)
        sandbox = Sandbox(telegram, app, translator, options.lang)
        sandbox.add_coordinator(coordinator)
        guide = tour.Tour(sandbox if options.demo else None)
        runner = web.AppRunner(page.build(sandbox, guide), access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, options.host, options.port).start()
            print(
                f"Ura sandbox: http://{options.host}:{options.port}/  (data in {directory})",
                flush=True,
            )
            await telegram.send_text(coordinator, "/help")
            if options.demo:
                await tour.seed(sandbox, guide)
            if ready is not None:
                ready.set()
            await _until_stopped()
        finally:
            await runner.cleanup()
            await stop(app)


async def _until_stopped() -> None:
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopped.set)
    await stopped.wait()

"""The installed program against a Bot API server on loopback: `ura invite`, `ura run`, a crash."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import func, select

from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue
from bot.sandbox.telegram import FakeBotApi, Limits
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.outbox import FINAL_STATES, OutboxMessage
from tests.ura import TOKEN

DB_PASSWORD = "Db-pa55word-in-the-url"


def ura_env(telegram: FakeBotApi, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("URA_")}
    env.update(
        URA_BOT_TOKEN=TOKEN, URA_TELEGRAM_API_URL=telegram.base_url, URA_DATABASE_URL=database_url
    )
    env.update(extra)
    return env


@asynccontextmanager
async def ura_run(env: dict[str, str], *args: str) -> AsyncIterator[asyncio.subprocess.Process]:
    """`ura run` (with `args`, e.g. "--webhook") as a real process; SIGTERM at the end."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 20)


async def test_three_people_join_a_running_ura(telegram: FakeBotApi, database_url: str) -> None:
    coordinator = telegram.add_user(first_name="Koordinatorja")
    url = database_url.replace("postgres@", f"postgres:{DB_PASSWORD}@")  # trust ignores it
    env = ura_env(telegram, url, URA_COORDINATORS=str(coordinator.id), URA_LOG_FORMAT="json")
    invite = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "invite",
        "--role",
        "committee",
        "--org",
        "Policia",
        "--agency",
        "police",
        "--group",
        "DURRES",
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await invite.communicate()
    assert invite.returncode == 0
    link = out.decode().strip()
    assert link.startswith("https://t.me/ura_test_bot?start=")
    async with ura_run(env) as process:
        ardit = telegram.add_user(first_name="Ardit", language_code="sq")
        await telegram.send_text(ardit, "/start " + link.split("start=")[1])
        await telegram.wait_for_message(ardit, contains="Mirë se erdhët", timeout=30)
        for name, lang, label, region, verdict in [
            ("Sara", "en", "✅ Miratojeni", "Shkodër", "Welcome to Ura"),
            ("Guri", "sq", "❌ Refuzoni", "Kukës", "nuk u miratua"),
        ]:
            user = telegram.add_user(first_name=name, language_code=lang)
            await telegram.send_text(user, "/start")
            await telegram.wait_for_message(user, contains="1/4", timeout=10)
            await telegram.send_text(user, name)
            await telegram.wait_for_message(user, contains="2/4")
            await telegram.send_text(user, "OJF")
            await telegram.wait_for_message(user, contains="3/4")
            await telegram.press_button(
                user, "Civil society (NGO)" if lang == "en" else "Shoqëria civile (OJF)"
            )
            await telegram.wait_for_message(user, contains="4/4")
            await telegram.press_button(user, region)
            card = await telegram.wait_for_message(coordinator, contains=name)
            await telegram.press_button(coordinator, label, message=card)
            await telegram.wait_for_message(user, contains=verdict)
        menu = telegram.commands(language_code="en")
        assert {c["command"] for c in menu} >= {"start", "help", "language", "cancel"}
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0
        stderr = (await process.stderr.read()).decode() if process.stderr else ""
    assert TOKEN not in stderr, "the token is never logged"
    assert link.split("start=")[1] not in stderr, "nor an invite token"
    assert DB_PASSWORD not in stderr, "nor the database password"
    handled = [json.loads(line) for line in stderr.splitlines() if '"ura.updates"' in line]
    assert len(handled) >= 12, "one line per update"
    assert {line["kind"] for line in handled} >= {"message", "callback_query"}
    assert "Guri" not in stderr, "no text of a message"


async def test_a_crash_mid_broadcast_gives_each_recipient_one_copy(
    telegram: FakeBotApi, database_url: str
) -> None:
    telegram.limits = Limits()  # Telegram's real limits: 30/s
    telegram.latency = 0.05  # so that some sends are in flight when the process dies
    url = database_url
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    people = [telegram.add_user(first_name=f"M{n}") for n in range(150)]
    async with sessions.begin() as session:
        for n, person in enumerate(people):
            enqueue(
                session,
                chat_id=person.id,
                reply=Reply(f"njoftim #{n}"),
                now=SystemClock().now(),
                priority=Priority.BULK,
            )
    env = ura_env(telegram, url, URA_DELIVERY__WORKER_STALE_SECONDS="1")

    def delivered() -> int:
        return sum(len(telegram.bot_messages(p)) for p in people)

    async with ura_run(env) as first:
        await telegram.world.notifier.wait_until(lambda: delivered() >= 40, 30)
        first.send_signal(signal.SIGKILL)
        await first.wait()
    killed_at = delivered()
    assert 40 <= killed_at < 150, "the crash came in the middle of the broadcast"

    async def states() -> dict[str, int]:
        async with sessions() as session:
            query = select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            return dict((await session.execute(query)).all())  # type: ignore[arg-type]

    async with ura_run(env):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            counts = await states()
            if sum(counts.values()) == 150 and set(counts) <= set(FINAL_STATES):
                break
            await asyncio.sleep(0.2)
    await engine.dispose()
    copies = [len(telegram.bot_messages(p)) for p in people]
    assert max(copies) == 1, "nobody receives a message twice"
    assert set(counts) <= {"sent", "uncertain"}
    uncertain = counts.get("uncertain", 0)
    assert copies.count(0) <= uncertain, "only an uncertain send can be missing"
    assert counts.get("sent", 0) + uncertain == 150
    assert telegram.stats.limit_429 == 0


async def test_a_wrong_token_or_an_unreachable_server_is_one_clear_line(
    telegram: FakeBotApi, tmp_path: object
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/ura.db"
    cases = [
        (
            ura_env(telegram, url, URA_BOT_TOKEN="999:not-the-token"),
            "ura: URA_BOT_TOKEN: Telegram refused this token (check it with BotFather)",
        ),
        (
            ura_env(telegram, url, URA_TELEGRAM_API_URL="http://127.0.0.1:9"),
            "ura: URA_TELEGRAM_API_URL: cannot reach the Bot API at http://127.0.0.1:9",
        ),
    ]
    for env, expected in cases:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 2
        assert err.decode().strip().startswith(expected)
        assert len(err.decode().strip().splitlines()) == 1, "no traceback"
        assert "not-the-token" not in (out + err).decode()

"""Scale-out on PostgreSQL: one and two real `ura run --webhook` processes, the same 1,000-member
broadcast; a kill -9 of the sending process; a burst of 500 button presses in webhook mode.

    python -m bench.scale [--postgres URL] [--json FILE]

URL (default: $URA_TEST_POSTGRES_URL) is a PostgreSQL server where databases may be created.
The presses are signed "acknowledge" presses from people who are not members: each goes the
whole way (webhook, gate, a transaction with its audit row, answerCallbackQuery with a toast).
The fake Bot API server enforces Telegram's limits; every count comes from what it received.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from bench.common import TOKEN, fake_server, percentile
from bot.core.callbacks import CallbackSigner
from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue
from bot.sandbox.telegram import FakeBotApi, FakeMessage, FakeUser
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.ops.test_scale_out import busiest, holds_the_lease
from tests.ops.test_webhook import SECRET, free_port

MEMBERS = 1000
PRESSES = 500


def env_for(server: FakeBotApi, url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("URA_")}
    env.update(
        URA_BOT_TOKEN=TOKEN,
        URA_TELEGRAM_API_URL=server.base_url,
        URA_DATABASE_URL=url,
        URA_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        URA_WEBHOOK_PORT=str(port),
        URA_WEBHOOK_SECRET=SECRET,
        URA_DIGEST_ENABLED="false",
    )
    return env


async def fresh_database(admin_url: str) -> str:
    import asyncpg

    name = f"ura_bench_{int(time.time() * 1000)}"
    admin = await asyncpg.connect(admin_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    await upgrade(url)
    return url


async def start(server: FakeBotApi, url: str, count: int) -> tuple[list[Any], list[int]]:
    ports = [free_port() for _ in range(count)]
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--webhook",
            env=env_for(server, url, port),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for port in ports
    ]
    async with aiohttp.ClientSession() as http:
        for port in ports:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                        if answer.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
    return processes, ports


async def stop(processes: list[Any]) -> None:
    for process in processes:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        await asyncio.wait_for(process.wait(), 30)


async def broadcast(url: str, people: list[FakeUser]) -> None:
    engine = create_engine(url)
    async with create_session_factory(engine).begin() as session:
        for n, person in enumerate(people):
            reply = Reply(f"njoftim #{n:05d}")
            now = SystemClock().now()
            enqueue(session, chat_id=person.id, reply=reply, now=now, priority=Priority.BULK)
    await engine.dispose()


async def uncertain(url: str) -> int:
    from sqlalchemy import func, select

    from storage.outbox import UNCERTAIN, OutboxMessage

    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        found = await session.scalar(select(func.count()).where(OutboxMessage.state == UNCERTAIN))
    await engine.dispose()
    return found or 0


async def run_broadcast(
    admin_url: str, instances: int, kill_after: int | None = None
) -> dict[str, float]:
    async with fake_server() as server:
        people = [server.add_user(first_name=f"M{n}") for n in range(MEMBERS)]
        url = await fresh_database(admin_url)
        processes, ports = await start(server, url, instances)

        def arrived() -> list[float]:
            return [m.received_at for p in people for m in server.bot_messages(p)]

        await broadcast(url, people)
        figures: dict[str, float] = {}
        if kill_after is not None:
            stats = server.stats  # cheap to read on every wake-up, unlike a walk over 1,000 chats
            await server.world.notifier.wait_until(lambda: stats.delivered >= kill_after, 120)
            holders = [await holds_the_lease(port) for port in ports]
            victim = processes[holders.index(True)]
            victim.send_signal(signal.SIGKILL)
            killed = time.monotonic()
            count = stats.delivered
            await server.world.notifier.wait_until(lambda: stats.delivered > count, 60)
            figures["takeover_s"] = time.monotonic() - killed
        done: Callable[[], bool] = lambda: server.stats.delivered >= MEMBERS  # noqa: E731
        await server.world.notifier.wait_until(done, 180)
        await asyncio.sleep(2)  # anything doubled would arrive now
        await stop(processes)
        times = sorted(arrived())
        copies = [len(server.bot_messages(p)) for p in people]
        span = times[-1] - times[0] if len(times) > 1 else 1.0
        figures.update(
            share=(len(times) - 1) / span / 30.0,
            max_per_second=busiest(times, 1.0),
            duplicated=sum(c - 1 for c in copies if c > 1),
            limit_429=server.stats.limit_429,
            missing=copies.count(0),
            uncertain=await uncertain(url),
        )
        return figures


async def run_presses(admin_url: str) -> dict[str, float]:
    async with fake_server() as server:
        people = [server.add_user(first_name=f"P{n}") for n in range(PRESSES)]
        url = await fresh_database(admin_url)
        processes, _ = await start(server, url, 1)
        pressed: dict[str, float] = {}
        signer = CallbackSigner(TOKEN.encode())
        for person in people:  # a message of Ura's with a button, long ago
            chat = server.world.chat_of(person)
            card = FakeMessage(
                message_id=server.world.next_message_id(chat),
                chat=chat,
                sender=server.world.bot,
                from_bot=True,
                text="Ura",
            )
            server.world.store(card)
            data = signer.sign("ala", "1", chat.id)  # "acknowledge alert 1", signed by Ura
            pressed[await server.press_callback(person, card, data)] = time.monotonic()
        started = min(pressed.values())
        await server.world.notifier.wait_until(
            lambda: len(server.world.callback_answers) >= PRESSES, 120
        )
        if not server.world.callback_answers:
            raise RuntimeError("no press was answered")
        answered = {
            str(c.params.get("callback_query_id")): c.time
            for c in server.calls
            if c.method == "answerCallbackQuery"
        }
        await stop(processes)
        latencies = [1000 * (answered[q] - t) for q, t in pressed.items() if q in answered]
        return {
            "presses_per_second": len(latencies) / (max(answered.values()) - started),
            "press_answer_p50_ms": percentile(latencies, 50),
            "press_answer_p99_ms": percentile(latencies, 99),
            "answered": len(latencies),
        }


async def main(admin_url: str) -> dict[str, Any]:
    one = await run_broadcast(admin_url, 1)
    print("one instance:", one, flush=True)
    two = await run_broadcast(admin_url, 2)
    print("two instances:", two, flush=True)
    killed = await run_broadcast(admin_url, 2, kill_after=MEMBERS // 3)
    print("two instances, kill -9 of the sender:", killed, flush=True)
    presses = await run_presses(admin_url)
    print("presses:", presses, flush=True)
    return {
        "one_instance_share": one["share"],
        "two_instance_share": two["share"],
        "two_instance_max_per_second": two["max_per_second"],
        "two_instance_duplicated": two["duplicated"],
        "two_instance_429": two["limit_429"],
        "takeover_s": killed["takeover_s"],
        "kill_lost_beyond_uncertain": max(0, killed["missing"] - killed["uncertain"]),
        "kill_duplicated": killed["duplicated"],
        "presses_per_second": presses["presses_per_second"],
        "press_answer_p50_ms": presses["press_answer_p50_ms"],
        "press_answer_p99_ms": presses["press_answer_p99_ms"],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--postgres", default=os.environ.get("URA_TEST_POSTGRES_URL", ""))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.postgres:
        parser.error("--postgres URL (or URA_TEST_POSTGRES_URL) is required")
    result = asyncio.run(main(args.postgres))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))

"""Per-update overhead of the real application: /help from many distinct people.

For each update: from the moment python-telegram-bot's updater fetched it (put on the
application's update queue) to (a) the commit of the transaction that wrote its reply's outbox
row and (b) the reply's arrival at the fake server. Nothing is subtracted; the commands come in
at 20 a second, below the 30/s global limit, so (b) is not a queue behind the limiter.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from telegram import Update

from bench.common import add_users, fake_server, percentile, sleep_until
from bench.ura_side import stop_engine
from bot.app import build_application, start, stop
from config.settings import Settings
from storage.migrate import upgrade
from storage.outbox import OutboxMessage

RATE = 20.0  # commands per second


class CommitClock:
    """Records when the first outbox row for each chat is committed (SQLAlchemy events)."""

    def __init__(self) -> None:
        self.committed: dict[int, float] = {}

    def _after_flush(self, session: Session, _context: Any) -> None:
        chats = {o.chat_id for o in session.new if isinstance(o, OutboxMessage)}
        if chats:
            session.info.setdefault("bench_chats", set()).update(chats)

    def _after_commit(self, session: Session) -> None:
        now = time.monotonic()
        for chat_id in session.info.pop("bench_chats", ()):
            self.committed.setdefault(chat_id, now)

    def _after_rollback(self, session: Session) -> None:
        session.info.pop("bench_chats", None)

    def __enter__(self) -> CommitClock:
        event.listen(Session, "after_flush", self._after_flush)
        event.listen(Session, "after_commit", self._after_commit)
        event.listen(Session, "after_soft_rollback", self._after_rollback)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(Session, "after_flush", self._after_flush)
        event.remove(Session, "after_commit", self._after_commit)
        event.remove(Session, "after_soft_rollback", self._after_rollback)


async def measure(count: int, database_url: str) -> dict[str, float]:
    await upgrade(database_url)
    async with fake_server() as server:
        coordinator = server.add_user(first_name="Koordinatorja")
        users = add_users(server, count, prefix="H")
        settings = Settings(
            bot_token=server.token,
            telegram_api_url=server.base_url,
            database_url=database_url,
            coordinators=[coordinator.id],
            _env_file=None,
        )
        app = build_application(settings)
        fetched: dict[int, float] = {}
        put = app.update_queue.put

        async def stamped_put(update: object) -> None:
            if isinstance(update, Update) and update.effective_chat is not None:
                fetched.setdefault(update.effective_chat.id, time.monotonic())
            await put(update)

        app.update_queue.put = stamped_put  # type: ignore[method-assign,assignment]
        with CommitClock() as commits:
            await start(app, poll_timeout=2)
            try:
                began = time.monotonic()
                for i, user in enumerate(users):
                    await sleep_until(began + i / RATE)
                    await server.send_text(user, "/help")
                arrived = {}
                for user in users:
                    reply = await server.wait_for_message(user, timeout=60.0)
                    arrived[user.id] = reply.received_at
            finally:
                if app.bot_data.services.delivery is not None:
                    await stop_engine(app.bot_data.services.delivery)
                await stop(app)
    order = sorted(arrived, key=lambda u: fetched.get(u, 0.0))
    to_commit = [(commits.committed[u] - fetched[u]) * 1000 for u in order if u in fetched]
    to_arrival = [(arrived[u] - fetched[u]) * 1000 for u in order if u in fetched]
    return {
        "p50_ms": percentile(to_commit, 50),
        "p99_ms": percentile(to_commit, 99),
        "delivered_p50_ms": percentile(to_arrival, 50),
        "delivered_p99_ms": percentile(to_arrival, 99),
        "samples": len(to_commit),
        "first_ms": to_commit[0] if to_commit else math.nan,  # the cold first update
        "p99_after_first_ms": percentile(to_commit[1:], 99),
    }


async def _admin(base: str, sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    admin = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


async def handle(count: int) -> dict[str, float]:
    """SQLite always; PostgreSQL too when URA_TEST_POSTGRES_URL is set."""
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ura-bench-") as tmp:
        sqlite = await measure(count, f"sqlite+aiosqlite:///{Path(tmp) / 'ura.db'}")
    results.update({f"handle_{k}": v for k, v in sqlite.items()})
    base = os.environ.get("URA_TEST_POSTGRES_URL", "")
    if base:
        name = f"ura_bench_{uuid.uuid4().hex[:12]}"
        await _admin(base, f'CREATE DATABASE "{name}"')
        try:
            postgres = await measure(count, base.rsplit("/", 1)[0] + f"/{name}")
        finally:
            await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        results.update({f"handle_{k}_postgres": v for k, v in postgres.items()})
    return results

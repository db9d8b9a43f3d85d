"""`ura db backup` while a real Ura broadcasts, `ura db restore` refusing a running database
and a backup from a newer Ura, and a restored copy in a fresh directory that runs."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from pathlib import Path

from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue
from bot.sandbox.telegram import FakeBotApi, Limits
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.ops.test_process import ura_env, ura_run

PEOPLE = 300


async def ura_db(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "db",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode().strip()


async def test_a_backup_taken_mid_broadcast_restores_into_a_fresh_directory_that_runs(
    telegram: FakeBotApi, tmp_path: Path
) -> None:
    telegram.limits = Limits()
    telegram.latency = 0.05
    live = f"sqlite+aiosqlite:///{tmp_path}/live/ura.db"
    (tmp_path / "live").mkdir()
    await upgrade(live)
    engine = create_engine(live)
    people = [telegram.add_user(first_name=f"M{n}") for n in range(PEOPLE)]
    async with create_session_factory(engine).begin() as session:
        for n, person in enumerate(people):
            reply = Reply(f"njoftim #{n}")
            now = SystemClock().now()
            enqueue(session, chat_id=person.id, reply=reply, now=now, priority=Priority.BULK)
    await engine.dispose()
    coordinator = telegram.add_user(first_name="Koordinatorja", language_code="en")
    env = ura_env(telegram, live, URA_COORDINATORS=str(coordinator.id))
    backup = tmp_path / "backups" / "ura-backup.db"

    def delivered() -> int:
        return sum(len(telegram.bot_messages(p)) for p in people)

    async with ura_run(env) as running:
        await telegram.world.notifier.wait_until(lambda: delivered() >= 20, 30)
        code, said = await ura_db(env, "backup", str(backup))
        assert code == 0, said
        code, said = await ura_db(env, "restore", str(backup))
        assert code == 2
        assert said.startswith("ura: a running Ura is using"), said
        running.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(running.wait(), 15) == 0

    with sqlite3.connect(backup) as copy:
        rows = copy.execute("SELECT count(*) FROM outbox").fetchone()[0]
        sent = copy.execute("SELECT count(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    assert (rows, check) == (PEOPLE, "ok"), "a whole, consistent copy"
    assert 20 <= sent < PEOPLE, "taken in the middle of the broadcast"

    fresh = f"sqlite+aiosqlite:///{tmp_path}/fresh/ura.db"
    fresh_env = ura_env(telegram, fresh, URA_COORDINATORS=str(coordinator.id))
    code, said = await ura_db(fresh_env, "restore", str(backup))
    assert code == 0, said
    assert "restored" in said
    async with ura_run(fresh_env):
        await telegram.send_text(coordinator, "/help")
        await telegram.wait_for_message(coordinator, timeout=30)

    future = tmp_path / "future.db"
    code, _ = await ura_db(env, "backup", str(future))
    assert code == 0
    with sqlite3.connect(future) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    code, said = await ura_db(fresh_env, "restore", str(future))
    assert code == 2
    assert "unknown to this Ura" in said


def test_postgresql_is_backed_up_with_its_own_tools() -> None:
    import pytest

    from bot.ops.backup import BackupError, sqlite_path

    with pytest.raises(BackupError, match="pg_dump and pg_restore"):
        sqlite_path("postgresql+asyncpg://ura@db/ura")

"""`/export` in the background: the files are built after the person's turn, off the loop.

The turn only checks the scope and says the export is being prepared. This job writes the
two files into a private temporary folder (exchange_export.write), then, in one short write
transaction, audits the export and queues the files by path, marked `forget`: the delivery
engine reads each file when it sends it, and deletes it and blanks the outbox row once it is
sent or has failed for good (bot/delivery/forget.py), so the outbox never holds a copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.delivery.forget import TEMP_DIR_PREFIX
from bot.delivery.outbox import Priority, enqueue_to
from bot.exchange.export import Scope, Written, record, write
from storage.db import SessionFactory
from storage.members import Member

log = logging.getLogger(__name__)
STALE_SECONDS = 24 * 3600  # an export folder older than a day was left behind


@dataclass(frozen=True)
class ExportJob:
    engine: AsyncEngine
    sessions: SessionFactory
    clock: Clock
    translator: Translator
    max_bytes: int
    wake: Callable[[], None]


def documents(written: Written) -> list[Reply]:
    """The two files, sent from their paths and forgotten once sent."""
    return [
        Reply("", document={"path": str(path), "filename": path.name}, forget=True)
        for path in (written.csv_path, written.json_path)
    ]


def sweep(older_than: float = STALE_SECONDS) -> None:
    """Delete export folders left behind (a message cancelled, a crash before sending)."""
    limit = time.time() - older_than
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_DIR_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


async def run(job: ExportJob, member_id: int, scope: Scope) -> None:
    """Build, audit and queue one export for the member who asked; never raises."""
    await asyncio.to_thread(sweep)
    folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix=TEMP_DIR_PREFIX))
    written: Written | None = None
    try:
        written = await write(job.engine, folder, job.clock.now(), scope, job.max_bytes)
        await _deliver(job, member_id, scope, written)
    except Exception as error:
        log.error("export for member %s failed: %s", member_id, type(error).__name__)
        await asyncio.to_thread(shutil.rmtree, folder, True)
        await _tell(job, member_id, "data.export.failed")
        return
    if written.too_big:
        await asyncio.to_thread(shutil.rmtree, folder, True)
    job.wake()


async def _deliver(job: ExportJob, member_id: int, scope: Scope, written: Written) -> None:
    now = job.clock.now()
    async with job.sessions.begin() as session:
        member = await session.get(Member, member_id)
        if member is None:
            return
        record(session, now, member, scope, written)
        t, lang = job.translator, member.language
        if written.too_big:
            limit = max(1, job.max_bytes // (1024 * 1024))
            replies = [Reply(t(lang, "data.export.too_big", limit=limit))]
        else:
            ready = Reply(t.plural(lang, "exchange.export.ready", written.rows))
            replies = [ready, *documents(written)]
        for reply in replies:
            enqueue_to(session, member, reply, now=now, priority=Priority.INTERACTIVE)


async def _tell(job: ExportJob, member_id: int, key: str) -> None:
    try:
        async with job.sessions.begin() as session:
            member = await session.get(Member, member_id)
            if member is not None:
                reply = Reply(job.translator(member.language, key))
                enqueue_to(session, member, reply, now=job.clock.now())
        job.wake()
    except Exception as error:
        log.error("could not tell member %s: %s", member_id, type(error).__name__)

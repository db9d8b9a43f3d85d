"""Messages that must not outlive their delivery: a new invite link, an export file.

Such a message is marked `forget` in its payload. Once it has settled for good (sent, or
failed for good), its outbox row keeps only that it was purged, and a file it was sent from
(an export written to a temporary file) is deleted, so a copy of the database or of the
disk holds no live link and no exported log.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from typing import Any

from sqlalchemy import update

from bot.delivery.settling import Listener
from bot.delivery.store import Job
from storage.db import SessionFactory
from storage.outbox import FAILED, SENT, UNCERTAIN, OutboxMessage

FORGET = "forget"
PURGED_PAYLOAD: dict[str, Any] = {"purged": True}


def file_path(payload: dict[str, Any]) -> str | None:
    """The temporary file a document is sent from, if it is one."""
    document = payload.get("document")
    return str(document["path"]) if isinstance(document, dict) and "path" in document else None


TEMP_DIR_PREFIX = "ura-export-"  # the private folder an export is written into


def remove_file(path: str) -> None:
    """Delete the file, and its private temporary folder once that is empty."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
    folder = os.path.dirname(path)
    if os.path.basename(folder).startswith(TEMP_DIR_PREFIX):
        with contextlib.suppress(OSError):  # not empty yet: the other file is still queued
            os.rmdir(folder)


def forget_listener(sessions: SessionFactory) -> Listener:
    """For the delivery engine: blank a `forget` row and delete its file once it settled."""

    async def listener(job: Job, state: str) -> None:
        if state not in (SENT, FAILED, UNCERTAIN) or not job.payload.get(FORGET):
            return
        async with sessions.begin() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == job.id)
                .values(payload=PURGED_PAYLOAD)
            )
        path = file_path(job.payload)
        if path is not None:
            await asyncio.to_thread(remove_file, path)

    return listener

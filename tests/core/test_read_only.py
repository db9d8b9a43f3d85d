"""A read-only snapshot (for exports) never holds the database's write lock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.audit import AuditEvent
from storage.db import SessionFactory, read_only

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def engine_of(sessions: SessionFactory) -> AsyncEngine:
    bind = sessions.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    return bind


async def test_a_writer_commits_while_a_long_read_is_open(sessions: SessionFactory) -> None:
    async with read_only(engine_of(sessions)) as reader:
        before = await reader.scalar(select(func.count()).select_from(AuditEvent))

        async def write() -> None:
            async with sessions.begin() as session:
                session.add(AuditEvent(at=NOW, action="test.write", details={}))

        await asyncio.wait_for(write(), timeout=10)  # not blocked by the open read
        during = await reader.scalar(select(func.count()).select_from(AuditEvent))
        assert during == before, "the reader keeps its snapshot"
    async with sessions() as session:
        after = await session.scalar(select(func.count()).select_from(AuditEvent))
    assert after == (before or 0) + 1


async def test_postgresql_refuses_a_write_in_a_read_only_snapshot(
    sessions: SessionFactory,
) -> None:
    engine = engine_of(sessions)
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no read-only transactions; it takes no lock instead")
    async with read_only(engine) as reader:
        reader.add(AuditEvent(at=NOW, action="test.write", details={}))
        with pytest.raises(DBAPIError, match="read-only"):
            await reader.flush()

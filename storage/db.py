"""Engine and session factory; built by the composition root, never at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SessionFactory = async_sessionmaker[AsyncSession]
READ_ONLY = "ura_read_only"  # a connection option: this transaction only reads


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """SQLite gets WAL, a busy timeout, secure_delete and BEGIN IMMEDIATE.

    Bound values (an alert's text, a phone number) are never copied into exception
    messages (`hide_parameters`), since those end up in logs and error columns. With
    `secure_delete` SQLite overwrites deleted and replaced content with zeros, so text that
    retention blanked is not left behind in free pages of the file.

    A deferred SQLite transaction that reads and then writes fails at once with "database is
    locked" when another writer went first; taking the write lock at BEGIN makes it wait its
    turn instead (the recipe in SQLAlchemy's pysqlite notes, which also makes savepoints work).
    """
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
    kwargs.setdefault("hide_parameters", True)
    engine = create_async_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy, not the driver, says BEGIN
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _begin_immediate(connection: Any) -> None:
            reading = connection.get_execution_options().get(READ_ONLY)
            connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


@asynccontextmanager
async def read_only(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session over one read-only snapshot: long reads (an export) neither take SQLite's
    write lock nor see rows change half-way; PostgreSQL refuses any write in it."""
    async with engine.connect() as connection:
        connection = await connection.execution_options(**{READ_ONLY: True})
        async with connection.begin():
            if engine.dialect.name == "postgresql":
                await connection.exec_driver_sql(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
            async with AsyncSession(bind=connection, expire_on_commit=False) as session:
                yield session


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def reading(factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session whose transaction only reads, always rolled back at the end.

    On SQLite a deferred BEGIN, so a flood of reads never queues for the write lock; on
    PostgreSQL a READ ONLY transaction, which refuses a write outright.
    """
    async with factory() as session:
        # What the caller adds (replies, audit rows) is never flushed here: the caller moves it
        # to a short writing transaction of its own.
        session.sync_session.autoflush = False
        options: dict[str, Any] = {READ_ONLY: True}
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            options["postgresql_readonly"] = True
        await session.connection(execution_options=options)
        try:
            yield session
        finally:
            await session.rollback()

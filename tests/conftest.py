"""Shared fixtures: a migrated database (SQLite file; PostgreSQL too when CI provides one).

`URA_TEST_DATABASE=postgres` (with `URA_TEST_POSTGRES_URL`) runs the whole suite on PostgreSQL:
every test's `database_url` is then a fresh PostgreSQL database instead of a SQLite file.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest

from storage.db import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade

POSTGRES_URL = os.environ.get("URA_TEST_POSTGRES_URL", "")
SUITE_DATABASE = os.environ.get("URA_TEST_DATABASE", "sqlite")
if SUITE_DATABASE not in ("sqlite", "postgres"):
    raise RuntimeError("URA_TEST_DATABASE is sqlite or postgres")
if SUITE_DATABASE == "postgres" and not POSTGRES_URL:
    raise RuntimeError("URA_TEST_DATABASE=postgres needs URA_TEST_POSTGRES_URL")


async def _fresh_postgres_database() -> str:
    import asyncpg

    name = f"ura_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def any_database_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """An empty database of each kind Ura supports (PostgreSQL only when CI provides one)."""
    if request.param == "postgres":
        if not POSTGRES_URL:
            pytest.skip("URA_TEST_POSTGRES_URL is not set")
        return await _fresh_postgres_database()
    return f"sqlite+aiosqlite:///{tmp_path}/ura.db"


async def _drop_postgres_database(url: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    try:  # FORCE: a process the test killed may still hold a connection for a moment
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def database_url(tmp_path: object) -> AsyncIterator[str]:
    """The suite's database: a SQLite file, or a fresh PostgreSQL database (dropped after the
    test) when URA_TEST_DATABASE=postgres."""
    if SUITE_DATABASE != "postgres":
        yield f"sqlite+aiosqlite:///{tmp_path}/ura.db"
        return
    url = await _fresh_postgres_database()
    yield url
    await _drop_postgres_database(url)


@pytest.fixture
async def sessions(any_database_url: str) -> AsyncIterator[SessionFactory]:
    """A migrated database on each supported engine, for services and storage tests."""
    await upgrade(any_database_url)
    engine = create_engine(any_database_url)
    yield create_session_factory(engine)
    await engine.dispose()


# The running Ura and its fake Telegram, for every story (tests/ura.py holds the builder).
from tests.ura import telegram, ura  # noqa: E402, F401

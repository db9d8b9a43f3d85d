"""Run Alembic programmatically, so `ura db upgrade` and the tests need no alembic.ini."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from storage.db import create_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # The config is a ConfigParser: a "%" (e.g. a percent-encoded password) would be read as
    # interpolation and the error would print the whole URL, password included.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def _on_connection(url: str, action: str, revision: str) -> None:
    engine = create_engine(url)

    def run(connection: Connection) -> None:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def upgrade(url: str, revision: str = "head") -> None:
    await _on_connection(url, "upgrade", revision)


async def downgrade(url: str, revision: str) -> None:
    await _on_connection(url, "downgrade", revision)


def upgrade_sync(url: str, revision: str = "head") -> None:
    asyncio.run(upgrade(url, revision))

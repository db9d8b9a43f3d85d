"""Stories of what Ura keeps: no live invite link in the outbox, no secret on the terminal."""

from __future__ import annotations

import asyncio
import re
import sys
import uuid

import pytest
from sqlalchemy import String, cast, select

from storage.models import OutboxMessage
from tests.conftest import POSTGRES_URL
from tests.fakebot import FakeBotApi
from tests.stories.conftest import Ura
from tests.stories.test_process import ura_env


async def test_the_message_with_a_new_invite_link_is_blanked_once_sent(ura: Ura) -> None:
    t, boss = ura.telegram, ura.coordinator
    await t.send_text(boss, "/invite")
    await t.wait_for_message(boss, contains="1/6")
    await t.press_button(boss, "Anëtar komiteti")
    await t.wait_for_message(boss, contains="2/6")
    await t.send_text(boss, "Shkolla 'Naim Frashëri'")
    await t.wait_for_message(boss, contains="3/6")
    await t.press_button(boss, "Arsimi")
    await t.wait_for_message(boss, contains="4/6")
    await t.press_button(boss, "Lezhë")
    await t.wait_for_message(boss, contains="5/6")
    await t.press_button(boss, "5")
    await t.wait_for_message(boss, contains="6/6")
    await t.press_button(boss, "7 ditë")
    card = await t.wait_for_message(boss, contains="https://t.me/ura_test_bot?start=")
    token = re.search(r"start=([\w-]+)", card.text).group(1)  # type: ignore[union-attr]
    holding: list[OutboxMessage] = []
    for _ in range(100):  # the row is blanked just after Telegram accepted the message
        async with ura.sessions() as session:
            query = select(OutboxMessage).where(cast(OutboxMessage.payload, String).contains(token))
            holding = list((await session.scalars(query)).all())
        if not holding:
            break
        await asyncio.sleep(0.05)
    assert holding == [], "no copy of the live link stays in the outbox"
    async with ura.sessions() as session:
        purged = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.telegram_message_id == card.message_id)
        )
    assert purged is not None
    assert (purged.state, purged.payload) == ("sent", {"purged": True})


async def run_ura(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode is not None
    return process.returncode, (out + err).decode()


async def test_a_database_password_never_reaches_the_terminal(telegram: FakeBotApi) -> None:
    unreachable = "postgresql+asyncpg://ura:Sup3r%40S3cret@127.0.0.1:9/ura"
    code, output = await run_ura(ura_env(telegram, unreachable), "db", "upgrade")
    assert code == 1
    assert output.strip().splitlines()[-1].startswith("ura: ")
    assert "S3cret" not in output
    assert "Sup3r" not in output


@pytest.mark.postgres
async def test_a_password_with_a_percent_sign_upgrades_and_is_not_printed(
    telegram: FakeBotApi,
) -> None:
    """Alembic's config read "%" as interpolation and printed the whole URL in its error."""
    if not POSTGRES_URL:
        pytest.skip("URA_TEST_POSTGRES_URL is not set")
    import asyncpg

    name = f"ura_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = POSTGRES_URL.rsplit("/", 1)[0].replace("postgres@", "postgres:Sup3r%40S3cret@", 1)
    code, output = await run_ura(ura_env(telegram, f"{base}/{name}"), "db", "upgrade")
    assert "S3cret" not in output
    assert code == 0, output
    assert "database is at the newest migration" in output

"""`ura webhooks` as an operator runs it: add, list, test and remove are audited with the
command line and the operating-system user as the actor, the endpoint, its events and its URL
without credentials or query string; no secret in the audit log or in the listing."""

from __future__ import annotations

import asyncio
import getpass
import sys

from sqlalchemy import select

from bot.channels import webhooks
from bot.sandbox.telegram import FakeBotApi
from storage.audit import AuditEvent
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.channels.test_channels import Receiver, receiver  # noqa: F401 - the fixture
from tests.ops.test_process import ura_env

PASSWORD, TOKEN = "hunter2-basic", "q-token-0123456789"


async def ura(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "webhooks",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode()


async def test_webhook_changes_from_the_cli_are_audited_without_secrets(
    telegram: FakeBotApi,
    database_url: str,
    receiver: Receiver,  # noqa: F811 - the fixture imported above
) -> None:
    env = ura_env(telegram, database_url)
    url = f"http://ura:{PASSWORD}@127.0.0.1:{receiver.port}/ura?token={TOKEN}#top"
    shown = f"http://127.0.0.1:{receiver.port}/ura"
    code, added = await ura(env, "add", url, "--events", "alert.raised,ping")
    assert code == 0, added
    secret = added.split("shown once): ")[1].strip()
    code, listed = await ura(env, "list")
    assert code == 0, listed
    assert listed.strip() == f"1\tactive\t{shown}\talert.raised,ping\tids only"
    code, tested = await ura(env, "test", "1")
    assert code == 0, tested
    assert tested.startswith("webhook test: HTTP 200")
    ((headers, body),) = receiver.requests
    assert webhooks.verify(secret, body, headers["X-Ura-Signature"]), "signed with that secret"
    code, removed = await ura(env, "remove", "1")
    assert (code, removed.strip()) == (0, "webhook 1 removed (it gets no more events)")
    code, again = await ura(env, "remove", "1")
    assert (code, again.strip()) == (0, "webhook 1 was already removed")
    code, missing = await ura(env, "remove", "7")
    assert code != 0
    assert "no webhook '7'" in missing

    await upgrade(database_url)
    engine = create_engine(database_url)
    async with create_session_factory(engine)() as session:
        rows = (
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action.like("webhook.%"))
                .order_by(AuditEvent.id)
            )
        ).all()
    await engine.dispose()
    assert [r.action for r in rows] == ["webhook.added", "webhook.tested", "webhook.removed"]
    common = {
        "actor": "cli",
        "os_user": getpass.getuser(),
        "url": shown,
        "events": ["alert.raised", "ping"],
        "with_texts": False,
    }
    assert [r.details for r in rows] == [common, {**common, "outcome": "HTTP 200"}, common]
    for row in rows:
        assert (row.subject_type, row.subject_id) == ("webhook", "1")
        assert (row.actor_member_id, row.actor_telegram_id) == (None, None)
        for secretish in (secret, PASSWORD, TOKEN):
            assert secretish not in str(row.details)
    for output in (added.split("secret")[0], listed, tested, removed):
        for secretish in (secret, PASSWORD, TOKEN):
            assert secretish not in output

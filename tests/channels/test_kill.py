"""kill -9 with real processes: `ura run` against a fake Bot API, a real SMTP server (aiosmtpd)
and another system's HTTP receiver, all on loopback. 30 members who blocked Ura get their
message by e-mail, 30 webhook pings are queued; the process is killed (-9) while a webhook is
in flight, then the next one while an e-mail is in flight (each already received by the other
side, its answer not yet read). A third process settles the rest: every e-mail and every
delivery arrived exactly once; the two in flight are counted uncertain, and not repeated."""

from __future__ import annotations

import asyncio
import json
import signal
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bot.channels import webhooks
from bot.channels.model import FINAL_STATES, EmailMode
from bot.core.clock import SystemClock
from bot.core.rendering import Reply
from bot.delivery import Priority, enqueue_to
from bot.sandbox.telegram import FakeBotApi, FakeUser
from storage.channels import EmailMessage, MemberEmail, WebhookDelivery
from storage.db import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade
from storage.outbox import OutboxMessage
from tests.ops.test_webhook import free_port, ura_process, wait_for_http, webhook_env
from tests.ura import member_row

PEOPLE = 30
PINGS = 30
HOLD_AT = 10  # the 10th e-mail and the 10th request are held until the sender is killed
CHANNELS = {"email": EmailMessage, "webhook": WebhookDelivery}


@dataclass
class Held:
    """Holds the n-th thing received, as a slow server would, until released."""

    at: int
    released: threading.Event = field(default_factory=threading.Event)

    async def hold_if(self, count: int) -> None:
        if count != self.at:
            return
        await asyncio.to_thread(self.released.wait, 60)


@dataclass
class Mailbox:
    """A real SMTP server on loopback (aiosmtpd, in its own thread): it accepts each message,
    and answers 250 to the held one only once released."""

    port: int
    held: Held = field(default_factory=lambda: Held(HOLD_AT))
    received: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        await self.held.hold_if(len(self.received))
        return "250 Message accepted"


@dataclass
class Receiver:
    """Another system's endpoint: 200 for each POST, the held one only once released."""

    port: int
    held: Held = field(default_factory=lambda: Held(HOLD_AT))
    bodies: list[bytes] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.read())
        await self.held.hold_if(len(self.bodies))
        return web.Response(status=200)


@pytest.fixture
async def mailbox() -> AsyncIterator[Mailbox]:
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port, ready_timeout=30)
    controller.start()
    yield box
    box.held.released.set()
    controller.stop()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    box = Receiver(free_port())
    app = web.Application()
    app.router.add_post("/ura", box.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", box.port).start()
    yield box
    box.held.released.set()
    await runner.cleanup()


async def queue(sessions: SessionFactory, people: list[FakeUser]) -> None:
    """Members who chose e-mail when Telegram cannot reach them, one message each."""
    now = SystemClock().now()
    async with sessions.begin() as session:
        for n, person in enumerate(people):
            member = member_row(person, now)
            session.add(member)
            await session.flush()
            session.add(
                MemberEmail(
                    member_id=member.id,
                    address=f"m{n}@asp.gov.al",
                    mode=EmailMode.FALLBACK,
                    confirmed_at=now,
                    code_attempts=0,
                    updated_at=now,
                )
            )
            enqueue_to(session, member, Reply(f"Njoftim për M{n}"), now=now, priority=Priority.BULK)


async def pings(sessions: SessionFactory, url: str) -> None:
    """Another system's endpoint, with 30 pings waiting."""
    now = SystemClock().now()
    async with sessions.begin() as session:
        endpoint, _ = await webhooks.add(session, now, url, ["ping"], False)
        for _ in range(PINGS):
            await webhooks.ping(session, now, endpoint)


async def count(sessions: SessionFactory, model: Any) -> dict[str, int]:
    async with sessions() as session:
        rows = await session.execute(select(model.state, func.count()).group_by(model.state))
        return dict(rows.all())  # type: ignore[arg-type]


async def until(check: Callable[[], Awaitable[bool] | bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        done = check()
        if done if isinstance(done, bool) else await done:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"waited {within} s for {what}")


async def test_kill_9_mid_email_and_mid_webhook_loses_and_repeats_nothing(
    telegram: FakeBotApi, database_url: str, mailbox: Mailbox, receiver: Receiver
) -> None:
    await upgrade(database_url)
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    people = [telegram.add_user(first_name=f"M{n}") for n in range(PEOPLE)]
    for person in people:
        telegram.block(person)  # Telegram answers 403: the message goes by e-mail
    await queue(sessions, people)
    port = free_port()
    env = webhook_env(
        telegram,
        database_url,
        port,
        URA_SMTP_HOST="127.0.0.1",
        URA_SMTP_PORT=str(mailbox.port),
        URA_SMTP_SECURITY="none",
        URA_SMTP_PER_MINUTE="1000",
        URA_SMTP_TIMEOUT_SECONDS="2",
        URA_CHANNELS_HTTP_TIMEOUT_SECONDS="2",
        URA_CHANNELS_TICK_SECONDS="0.2",
        URA_DELIVERY__WORKER_STALE_SECONDS="1",
        URA_DIGEST_ENABLED="false",
    )

    async def emails_queued() -> bool:
        return sum((await count(sessions, EmailMessage)).values()) == PEOPLE

    try:
        # 1: the 403s queue the e-mails (no mail server set yet: they wait); then the pings
        # are queued, and the process is killed while the 10th is with the receiver.
        without_mail = {k: v for k, v in env.items() if not k.startswith("URA_SMTP_")}
        async with ura_process(without_mail, "--webhook") as first:
            await until(emails_queued, 60, "the e-mails after the 403s")
            await pings(sessions, f"http://127.0.0.1:{receiver.port}/ura")
            await until(lambda: len(receiver.bodies) >= HOLD_AT, 60, "pings")
            first.send_signal(signal.SIGKILL)
            await first.wait()
        receiver.held.released.set()
        assert len(receiver.bodies) == HOLD_AT, "killed with the 10th ping in flight"
        assert mailbox.received == [], "no e-mail had left yet"

        # 2: with the mail server set, killed while the 10th e-mail is with it.
        async with ura_process(env, "--webhook") as second:
            await until(lambda: len(mailbox.received) >= HOLD_AT, 60, "mail")
            second.send_signal(signal.SIGKILL)
            await second.wait()
        mailbox.held.released.set()
        assert len(mailbox.received) == HOLD_AT, "killed with the 10th e-mail in flight"

        # 3: the rest, once the dead senders' lease is over.
        async with ura_process(env, "--webhook"):
            await wait_for_http(f"http://127.0.0.1:{port}/healthz")

            async def settled() -> bool:
                for model, total in ((EmailMessage, PEOPLE), (WebhookDelivery, PINGS)):
                    states = await count(sessions, model)
                    if sum(states.values()) != total or not set(states) <= FINAL_STATES:
                        return False
                return True

            await until(settled, 90, "every send settled")
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"http://127.0.0.1:{port}/metrics") as answer,
            ):
                metrics = await answer.text()
        async with sessions() as session:
            refused = await session.scalar(
                select(func.count()).where(OutboxMessage.state == "failed")
            )
        states = {name: await count(sessions, model) for name, model in CHANNELS.items()}
        async with sessions() as session:
            uncertain = {
                "webhook": await session.scalar(
                    select(WebhookDelivery.event_id).where(WebhookDelivery.state == "uncertain")
                ),
                "email": await session.scalar(
                    select(EmailMessage.to_address).where(EmailMessage.state == "uncertain")
                ),
            }
    finally:
        await engine.dispose()

    assert refused == PEOPLE, "Telegram refused each message (403)"
    for name, total in (("email", PEOPLE), ("webhook", PINGS)):
        assert states[name] == {"sent": total - 1, "uncertain": 1}, name
        assert f'ura_channel_sends{{channel="{name}",state="uncertain"}} 1.0' in metrics
        assert f'ura_channel_sends{{channel="{name}",state="sent"}} {total - 1}.0' in metrics
    assert "asp.gov.al" not in metrics, "no address in a label"
    assert str(receiver.port) not in metrics, "nor an endpoint's URL"

    ids = Counter(json.loads(body)["id"] for body in receiver.bodies)
    assert len(ids) == PINGS, "every ping arrived"
    assert max(ids.values()) == 1, "each once, the held one too"
    to = Counter(str(mail["To"]) for mail in mailbox.received)
    assert len(to) == PEOPLE, "every e-mail arrived"
    assert max(to.values()) == 1, "each once, the held one too"
    held_ping = json.loads(receiver.bodies[HOLD_AT - 1])["id"]
    held_mail = str(mailbox.received[HOLD_AT - 1]["To"])
    assert uncertain == {"webhook": held_ping, "email": held_mail}, "the two in flight"

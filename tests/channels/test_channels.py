"""Stories of the channels beyond Telegram: an e-mail address confirmed with a code, e-mail when
Telegram cannot reach a member, the urgent copy, a refusing and a dead mail server; webhooks
signed for the receiver, retried, disabled after a day, and sends a crash left half-done."""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bot.channels import webhooks
from bot.channels.model import EmailMode
from bot.core.permissions import Agency, Role
from bot.ops import web as ops_web
from bot.sandbox.telegram import FakeUser
from storage.models import EmailMessage, MemberEmail, WebhookDelivery, WebhookEndpoint
from tests.alerts.test_alerts import DESCRIPTION, raise_alert
from tests.ura import Ura


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

    port: int
    received: list[Message] = field(default_factory=list)
    refuse: bool = False

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    async def wait(self, count: int = 1, within: float = 10.0) -> list[Message]:
        for _ in range(int(within / 0.1)):
            if len(self.received) >= count:
                return self.received
            await asyncio.sleep(0.1)
        raise AssertionError(f"{len(self.received)} e-mails, expected {count}")


@pytest.fixture
async def mailbox() -> AsyncIterator[Mailbox]:
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port, ready_timeout=30)
    controller.start()
    yield box
    controller.stop()


async def with_mail(ura: Ura, port: int) -> None:
    await ura.reconfigure(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")


def text_of(message: Message) -> str:
    return str(message.get_content())  # type: ignore[attr-defined]


async def confirmed(ura: Ura, user: FakeUser, address: str, mode: EmailMode) -> None:
    """A member who already confirmed an address (the confirmation has a story of its own)."""
    from bot.members import directory

    async with ura.sessions.begin() as session:
        member = await directory.by_telegram_id(session, user.id)
        assert member is not None
        now = ura.clock.now()
        session.add(
            MemberEmail(
                member_id=member.id,
                address=address,
                mode=mode,
                confirmed_at=now,
                code_attempts=0,
                updated_at=now,
            )
        )


async def test_a_member_confirms_an_address_with_the_code_sent_to_it(
    ura: Ura, mailbox: Mailbox
) -> None:
    t = ura.telegram
    await with_mail(ura, mailbox.port)
    ardit = t.add_user(first_name="Ardit", last_name="Policia")
    await ura.join(ardit)
    await t.send_text(ardit, "/email")
    await t.wait_for_message(ardit, contains="Nuk keni shtuar adresë")
    await t.press_button(ardit, "✉️ Shtoni një adresë")
    await t.wait_for_message(ardit, contains="Shkruani adresën")
    await t.send_text(ardit, "ardit.hoxha@asp.gov.al")
    await t.wait_for_message(ardit, contains="kod me gjashtë shifra")
    (mail,) = await mailbox.wait()
    assert mail["To"] == "ardit.hoxha@asp.gov.al"
    assert mail["Subject"] == "Ura: kodi për të vërtetuar adresën tuaj"
    code = re.search(r"\b(\d{6})\b", text_of(mail))
    assert code is not None
    assert "https://t.me/ura_test_bot" in text_of(mail)
    await t.send_text(ardit, "000000" if code.group(1) != "000000" else "111111")
    await t.wait_for_message(ardit, contains="Kodi nuk është i saktë")
    await t.send_text(ardit, code.group(1))
    status = await t.wait_for_message(ardit, contains="(e vërtetuar)")
    assert ["● Kur Telegram nuk më arrin"] in status.buttons
    await t.press_button(ardit, "Edhe për sinjalizime urgjente pa përgjigje")
    await t.wait_for_message(ardit, contains="(e vërtetuar)", after=status)
    async with ura.sessions() as session:
        row = await session.scalar(select(MemberEmail))
        assert row is not None
        assert (row.mode, row.code_hash) == ("urgent", None)


async def test_a_member_who_blocked_ura_gets_the_alert_by_email(ura: Ura, mailbox: Mailbox) -> None:
    t = ura.telegram
    await with_mail(ura, mailbox.port)
    ngo, police = t.add_user(first_name="Alba"), t.add_user(first_name="Ardit")
    await ura.join(ngo, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    await ura.join(police, org="Policia e Durrësit", agency=Agency.POLICE)
    await confirmed(ura, police, "ardit@asp.gov.al", EmailMode.FALLBACK)
    t.block(police)
    await raise_alert(ura, ngo)
    (mail,) = await mailbox.wait()
    assert mail["To"] == "ardit@asp.gov.al"
    assert mail["Subject"] == "Ura: një mesazh që nuk ju arriti në Telegram"
    assert DESCRIPTION[:40] in text_of(mail)
    assert "/start" in text_of(mail)


async def test_an_urgent_alert_still_unacknowledged_is_emailed_after_the_first_escalation(
    ura: Ura, mailbox: Mailbox
) -> None:
    t = ura.telegram
    await with_mail(ura, mailbox.port)
    ngo, police = t.add_user(first_name="Alba"), t.add_user(first_name="Ardit")
    await ura.join(ngo, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    await ura.join(police, org="Policia e Durrësit", agency=Agency.POLICE)
    await confirmed(ura, police, "ardit@asp.gov.al", EmailMode.URGENT)
    await raise_alert(ura, ngo)
    await t.wait_for_message(police, contains="Sinjalizim #1")
    await asyncio.sleep(0.5)
    assert mailbox.received == [], "no e-mail while Telegram reached him and it is not late"
    ura.clock.advance(timedelta(minutes=15))
    await ura.tick()
    (mail,) = await mailbox.wait()
    assert mail["Subject"] == "Ura: sinjalizim urgjent #1 pa përgjigje"
    assert "Sinjalizim #1" in text_of(mail)


async def settle(ura: Ura, model: type[EmailMessage] | type[WebhookDelivery]) -> None:
    """Send what is due now, as the worker would, until nothing due is left or in flight (a
    pass woken by the story's own steps may be sending at the same moment)."""
    channels = ura.app.bot_data.services.channels  # type: ignore[union-attr]
    assert channels is not None
    for _ in range(100):
        await channels.run_once()
        due = (model.state == "pending") & (model.not_before <= ura.clock.now())
        async with ura.sessions() as session:
            busy = await session.scalar(
                select(func.count())
                .select_from(model)
                .where(model.state.in_(("claimed", "sending")) | due)
            )
        if not busy:
            return
        await asyncio.sleep(0.05)


async def settle_emails(ura: Ura) -> None:
    await settle(ura, EmailMessage)


async def test_a_refusing_server_fails_with_a_reason_and_a_dead_one_is_retried_then_failed(
    ura: Ura, mailbox: Mailbox
) -> None:
    from bot.channels.email import enqueue
    from bot.channels.model import EMAIL_MAX_ATTEMPTS, EmailPurpose

    await with_mail(ura, mailbox.port)
    mailbox.refuse = True
    async with ura.sessions.begin() as session:
        enqueue(session, ura.clock.now(), None, "x@example.org", "s", "b", EmailPurpose.FALLBACK)
    await settle_emails(ura)
    async with ura.sessions() as session:
        row = await session.scalar(select(EmailMessage))
        assert row is not None
        assert (row.state, row.last_error) == ("failed", "refused by the mail server (550)")

    await with_mail(ura, free_port())  # nobody listens there
    async with ura.sessions.begin() as session:
        enqueue(session, ura.clock.now(), None, "y@example.org", "s", "b", EmailPurpose.FALLBACK)
    for _ in range(EMAIL_MAX_ATTEMPTS):
        await settle_emails(ura)
        ura.clock.advance(timedelta(hours=2))
    async with ura.sessions() as session:
        rows = (await session.scalars(select(EmailMessage).order_by(EmailMessage.id))).all()
        dead = rows[-1]
        assert (dead.state, dead.attempts) == ("failed", EMAIL_MAX_ATTEMPTS)
        assert (dead.last_error or "").startswith("mail server unreachable")


@dataclass
class Receiver:
    """Another system's HTTP endpoint on loopback: it keeps each request and answers with the
    statuses it is told (then 200)."""

    port: int
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.requests.append((dict(request.headers), body))
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ura"

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.requests]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    box = Receiver(free_port())
    app = web.Application()
    app.router.add_post("/ura", box.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", box.port).start()
    yield box
    await runner.cleanup()


async def register(ura: Ura, url: str, events: list[str], texts: bool = False) -> str:
    async with ura.sessions.begin() as session:
        _, secret = await webhooks.add(session, ura.clock.now(), url, events, texts)
    return secret


async def drain(ura: Ura) -> None:
    await settle(ura, WebhookDelivery)


async def test_alert_events_reach_the_receiver_signed_and_without_texts(
    ura: Ura, receiver: Receiver
) -> None:
    t = ura.telegram
    secret = await register(ura, receiver.url, ["alert.raised", "alert.acknowledged"])
    ngo, police = t.add_user(first_name="Alba"), t.add_user(first_name="Ardit")
    await ura.join(ngo, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    await ura.join(police, org="Policia e Durrësit", agency=Agency.POLICE)
    await raise_alert(ura, ngo)
    await t.wait_for_message(police, contains="Sinjalizim #1")
    await t.press_button(police, "✅ Mora dijeni")
    await t.wait_for_message(ngo, contains="marrë në dijeni nga")
    await drain(ura)
    assert [e["event"] for e in receiver.events()] == ["alert.raised", "alert.acknowledged"]
    for headers, body in receiver.requests:
        assert webhooks.verify(secret, body, headers["X-Ura-Signature"])
        assert not webhooks.verify("another-secret", body, headers["X-Ura-Signature"])
    raised = receiver.events()[0]
    assert set(raised) == {"id", "event", "created_at", "data"}
    assert raised["data"]["alert"] == {
        "id": 1,
        "region": "durres",
        "category": "child_at_risk",
        "urgency": "urgent",
        "status": "open",
        "escalation_level": 0,
    }
    assert DESCRIPTION not in receiver.requests[0][1].decode(), "ids only: no alert text"

    # The operator sees both channels in /metrics, with no address or text in a label.
    assert ura.app is not None
    port = free_port()
    server = ops_web.listen(ura.app, "127.0.0.1", port, "/telegram", "s" * 40)
    try:
        async with ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as got:
            metrics = await got.text()
    finally:
        server.stop()
    assert 'ura_channel_sends{channel="webhook",state="sent"} 2.0' in metrics
    assert receiver.url not in metrics


async def test_a_failing_receiver_is_retried_and_disabled_after_a_day(
    ura: Ura, receiver: Receiver
) -> None:
    t = ura.telegram
    await ura.reconfigure(channels_http_timeout_seconds=3.0)
    await register(ura, receiver.url, ["alert.raised"], texts=True)
    ngo = t.add_user(first_name="Alba")
    await ura.join(ngo, role=Role.NGO, org="Tjetër Vizion", agency=Agency.CIVIL_SOCIETY)
    receiver.statuses = [500, 503]
    receiver.delay = 0.0
    await raise_alert(ura, ngo)
    await t.wait_for_message(ngo, contains="#1 u dërgua")
    for _ in range(3):
        await drain(ura)
        ura.clock.advance(timedelta(minutes=5))
    assert len(receiver.requests) == 3, "two 5xx answers, then delivered"
    assert DESCRIPTION in receiver.requests[-1][1].decode(), "this endpoint declared texts"
    async with ura.sessions() as session:
        delivery = await session.scalar(select(WebhookDelivery))
        assert delivery is not None
        assert (delivery.state, delivery.attempts) == ("sent", 3)

    receiver.delay = 4.0  # slower than the 3 s the receiver is given: a timeout
    async with ura.sessions.begin() as session:
        endpoint = await session.scalar(select(WebhookEndpoint))
        assert endpoint is not None
        await webhooks.ping(session, ura.clock.now(), endpoint)
    for _ in range(8):  # four-hourly passes through a day and a bit
        await drain(ura)
        ura.clock.advance(timedelta(hours=4))
    async with ura.sessions() as session:
        endpoint = await session.scalar(select(WebhookEndpoint))
        ping = (await session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))).all()[
            -1
        ]
        assert endpoint is not None
        assert endpoint.active is False
        assert ping.state == "failed"
        assert (ping.last_error or "").startswith("ReadTimeout")
    await t.wait_for_message(ura.coordinator, contains="u çaktivizua")


async def test_sends_a_crash_left_half_done_are_counted_not_repeated(
    ura: Ura, receiver: Receiver
) -> None:
    await register(ura, receiver.url, ["ping"])
    async with ura.sessions.begin() as session:
        endpoint = await session.scalar(select(WebhookEndpoint))
        assert endpoint is not None
        delivery = await webhooks.ping(session, ura.clock.now(), endpoint)
        delivery.state, delivery.claimed_at, delivery.attempts = "sending", ura.clock.now(), 1
    ura.clock.advance(timedelta(minutes=5))  # the process that claimed it died (kill -9)
    await drain(ura)
    async with ura.sessions() as session:
        row = await session.scalar(select(WebhookDelivery))
        assert row is not None
        assert row.state == "uncertain"
    assert receiver.requests == []

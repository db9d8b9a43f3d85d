"""The outer channels' sender: a small loop beside the Telegram delivery engine that queues
webhook events from the audit log, posts due webhook deliveries and sends due e-mails.

Each pass is idempotent and short; ``run_once`` is what the loop calls and what the tests call
with a controlled clock. A row is marked in flight (committed) just before its send, so a kill
-9 leaves it "sending", and the next pass after the lease counts it uncertain (sending.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import httpx
from sqlalchemy import func, select, update

from bot.channels import sending, transport, webhooks
from bot.channels.email import BOT_LINK
from bot.channels.model import (
    DISABLE_AFTER_HOURS,
    EMAIL_MAX_ATTEMPTS,
    MAX_WEBHOOK_AGE_HOURS,
    SEND_DEADLINE_FACTOR,
    SendState,
)
from bot.core.clock import Clock
from config.settings import Settings
from storage.channels import EmailMessage, WebhookDelivery, WebhookEndpoint
from storage.db import SessionFactory

log = logging.getLogger(__name__)
Disabled = Callable[[int, str], Awaitable[None]]  # endpoint id, url: tell the coordinators
DISABLED = "endpoint disabled"
LEASE_MARGIN_SECONDS = 2.0


def lease(settings: Settings) -> timedelta:
    """How long a send in flight (or a claim) may last before its sender is taken for dead: a
    send is cut off after SEND_DEADLINE_FACTOR timeouts; a little more for a busy event loop.
    A live sender's claim taken back early is harmless: its mark_sending then finds the row
    no longer claimed by it, and skips it."""
    timeout = max(settings.smtp_timeout_seconds, settings.channels_http_timeout_seconds)
    return timedelta(seconds=SEND_DEADLINE_FACTOR * timeout + LEASE_MARGIN_SECONDS)


class ChannelWorker:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        settings: Settings,
        on_disabled: Disabled | None = None,
        bot_username: str = "",
    ) -> None:
        self.sessions, self.clock, self.settings = sessions, clock, settings
        self.bot_link = f"https://t.me/{bot_username}" if bot_username else "Telegram"
        self.on_disabled = on_disabled
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._http = httpx.AsyncClient(
            timeout=settings.channels_http_timeout_seconds, follow_redirects=False
        )

    # ---- the loop -------------------------------------------------------------------------
    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="ura-channels")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._http.aclose()

    def wake(self) -> None:
        self._wake.set()

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # a bad pass must not stop the channel; the next one tries again
                log.exception("channel pass failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.settings.channels_tick_seconds):
                    await self._wake.wait()

    async def run_once(self) -> int:
        now = self.clock.now()
        async with self.sessions.begin() as session:
            models: tuple[sending.Model, ...] = (WebhookDelivery, EmailMessage)
            for model in models:
                back, lost = await sending.settle_abandoned(
                    session, model, now, lease(self.settings)
                )
                if back or lost:
                    log.warning(
                        "%s: a stopped sender left %d claimed (queued again), %d in flight "
                        "(uncertain, not repeated)",
                        model.__tablename__,
                        back,
                        lost,
                    )
            await webhooks.dispatch(session, now)
        return await self._send_webhooks() + await self._send_emails()

    async def _in_flight(self, model: sending.Model, row_id: int, claimed: datetime) -> bool:
        async with self.sessions.begin() as session:
            return await sending.mark_sending(session, model, row_id, claimed, self.clock.now())

    # ---- webhooks ---------------------------------------------------------------------------
    async def _send_webhooks(self) -> int:
        now = self.clock.now()
        async with self.sessions.begin() as session:
            rows = await sending.claim(session, WebhookDelivery, now)
            work = []
            for row in rows:
                endpoint = await session.get(WebhookEndpoint, row.endpoint_id)
                if endpoint is not None:
                    work.append((row.id, endpoint.url, endpoint.secret, row.body))
        sent = 0
        timeout = self.settings.channels_http_timeout_seconds
        for delivery_id, url, secret, body in work:
            if not await self._in_flight(WebhookDelivery, delivery_id, now):
                continue
            status, error = await transport.post(self._http, timeout, url, secret, body)
            await self._settle_webhook(delivery_id, status, error)
            sent += 1
        return sent

    async def _settle_webhook(
        self, delivery_id: int, status: int | None, error: str | None
    ) -> None:
        now = self.clock.now()
        disabled: WebhookEndpoint | None = None
        async with self.sessions.begin() as session:
            row = await session.get(WebhookDelivery, delivery_id)
            endpoint = await session.get(WebhookEndpoint, row.endpoint_id) if row else None
            if row is None or endpoint is None:
                return
            row.last_status, row.last_error = status, error
            if error is None:
                row.state, row.settled_at = SendState.SENT, now
                endpoint.failing_since = None
                return
            endpoint.failing_since = endpoint.failing_since or now
            if row.created_at < now - timedelta(hours=MAX_WEBHOOK_AGE_HOURS):
                row.state, row.settled_at = SendState.FAILED, now
            else:
                row.state, row.not_before = SendState.PENDING, now + sending.backoff(row.attempts)
            if endpoint.active and endpoint.failing_since < now - timedelta(
                hours=DISABLE_AFTER_HOURS
            ):
                endpoint.active, disabled = False, endpoint
                await session.execute(
                    update(WebhookDelivery)
                    .where(
                        WebhookDelivery.endpoint_id == endpoint.id,
                        WebhookDelivery.state.in_((SendState.PENDING, SendState.CLAIMED)),
                    )
                    .values(state=SendState.FAILED, settled_at=now, last_error=DISABLED)
                )
        if disabled is not None and self.on_disabled is not None:
            log.warning("webhook endpoint %s disabled after a day of failures", disabled.id)
            await self.on_disabled(disabled.id, disabled.url)

    # ---- e-mail ---------------------------------------------------------------------------
    async def _send_emails(self) -> int:
        smtp = self.settings.smtp
        if not smtp.host:
            return 0
        now = self.clock.now()
        async with self.sessions.begin() as session:
            recent = await session.scalar(
                select(func.count())
                .select_from(EmailMessage)
                .where(
                    EmailMessage.state == SendState.SENT,
                    EmailMessage.settled_at > now - timedelta(minutes=1),
                )
            )
            room = smtp.per_minute - int(recent or 0)  # the pace is shared by every process
            rows = (
                await sending.claim(session, EmailMessage, now, min(room, 20)) if room > 0 else []
            )
            work = [
                (r.id, r.to_address, r.subject, r.body.replace(BOT_LINK, self.bot_link))
                for r in rows
            ]
        sent = 0
        for message_id, to, subject, body in work:
            if not await self._in_flight(EmailMessage, message_id, now):
                continue
            error, permanent = await transport.send_mail(smtp, to, subject, body)
            await self._settle_email(message_id, error, permanent)
            sent += 1
        return sent

    async def _settle_email(self, message_id: int, error: str | None, permanent: bool) -> None:
        now = self.clock.now()
        async with self.sessions.begin() as session:
            row = await session.get(EmailMessage, message_id)
            if row is None:
                return
            row.last_error = error
            if error is None:
                row.state, row.settled_at = SendState.SENT, now
            elif permanent or row.attempts >= EMAIL_MAX_ATTEMPTS:
                row.state, row.settled_at = SendState.FAILED, now
            else:
                row.state, row.not_before = SendState.PENDING, now + sending.backoff(row.attempts)

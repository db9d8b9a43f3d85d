"""The outer channels' sender: a small loop beside the Telegram delivery engine that queues
webhook events from the audit log, posts due webhook deliveries and sends due e-mails.

Each pass is idempotent and short; ``run_once`` is what the loop calls and what the tests call
with a controlled clock."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from email.message import EmailMessage as MimeMessage

import aiosmtplib
import httpx
from sqlalchemy import func, select, update

from bot.channels import sending, webhooks
from bot.channels.email import BOT_LINK
from bot.channels.model import (
    DISABLE_AFTER_HOURS,
    EMAIL_MAX_ATTEMPTS,
    MAX_WEBHOOK_AGE_HOURS,
    SendState,
)
from bot.core.clock import Clock
from config.settings import Settings
from storage.channels import EmailMessage, WebhookDelivery, WebhookEndpoint
from storage.db import SessionFactory

log = logging.getLogger(__name__)
Disabled = Callable[[int, str], Awaitable[None]]  # endpoint id, url: tell the coordinators


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
            await sending.settle_abandoned(session, WebhookDelivery, now)
            await sending.settle_abandoned(session, EmailMessage, now)
            await webhooks.dispatch(session, now)
        return await self._send_webhooks() + await self._send_emails()

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
        for delivery_id, url, secret, body in work:
            status, error = await self._post(url, secret, body)
            await self._settle_webhook(delivery_id, status, error)
        return len(work)

    async def _post(self, url: str, secret: str, body: str) -> tuple[int | None, str | None]:
        raw = body.encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Ura-Webhooks/1",
            webhooks.SIGNATURE_HEADER: webhooks.sign(secret, raw),
        }
        try:
            response = await self._http.post(url, content=raw, headers=headers)
        except httpx.HTTPError as error:
            return None, sending.short(error) or type(error).__name__
        if 200 <= response.status_code < 300:
            return response.status_code, None
        return response.status_code, f"HTTP {response.status_code}"

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
                        WebhookDelivery.state == SendState.PENDING,
                    )
                    .values(state=SendState.FAILED, settled_at=now, last_error="endpoint disabled")
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
        for message_id, to, subject, body in work:
            error, permanent = await self._smtp(to, subject, body)
            await self._settle_email(message_id, error, permanent)
        return len(work)

    async def _smtp(self, to: str, subject: str, body: str) -> tuple[str | None, bool]:
        smtp = self.settings.smtp
        message = MimeMessage()
        message["From"], message["To"], message["Subject"] = smtp.sender, to, subject
        message.set_content(body)
        password = smtp.password.get_secret_value() if smtp.password else None
        try:
            await aiosmtplib.send(
                message,
                hostname=smtp.host,
                port=smtp.port,
                username=smtp.user or None,
                password=password,
                use_tls=smtp.security == "tls",
                start_tls=smtp.security == "starttls",
                timeout=smtp.timeout_seconds,
            )
        except aiosmtplib.SMTPRecipientsRefused as refused:
            codes = sorted({r.code for r in refused.recipients})
            return f"refused by the mail server ({', '.join(map(str, codes))})", True
        except aiosmtplib.SMTPResponseException as error:
            return f"mail server answered {error.code}", 500 <= error.code < 600
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            return f"mail server unreachable ({type(error).__name__})", False
        return None, False

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

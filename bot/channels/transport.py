"""The wire of the outer channels: one e-mail through SMTP (aiosmtplib), one webhook POST
(httpx). Each answers with what went wrong, if anything, in a short line for the record; a
whole send is cut off after SEND_DEADLINE_FACTOR times its timeout, so a row in flight for
longer than the lease (worker.py) belongs to a sender that died."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage as MimeMessage

import aiosmtplib
import httpx

from bot.channels import sending, webhooks
from bot.channels.model import SEND_DEADLINE_FACTOR
from config.settings import Smtp


async def post(
    http: httpx.AsyncClient, seconds: float, url: str, secret: str, body: str
) -> tuple[int | None, str | None]:
    """A webhook delivery: (HTTP status or None, error or None for a 2xx answer)."""
    raw = body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Ura-Webhooks/1",
        webhooks.SIGNATURE_HEADER: webhooks.sign(secret, raw),
    }
    try:
        async with asyncio.timeout(seconds * SEND_DEADLINE_FACTOR):
            response = await http.post(url, content=raw, headers=headers)
    except httpx.HTTPError as error:
        return None, sending.short(error) or type(error).__name__
    except TimeoutError:
        return None, "TimeoutError"
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"


async def send_mail(smtp: Smtp, to: str, subject: str, body: str) -> tuple[str | None, bool]:
    """An e-mail: (error or None, whether the refusal is permanent)."""
    message = MimeMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, to, subject
    message.set_content(body)
    password = smtp.password.get_secret_value() if smtp.password else None
    try:
        async with asyncio.timeout(smtp.timeout_seconds * SEND_DEADLINE_FACTOR):
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

"""`ura webhooks add|list|remove|test`: endpoints are registered by whoever runs the server."""

from __future__ import annotations

import argparse
import time

import httpx
from sqlalchemy import select

from bot.channels import webhooks
from bot.channels.model import WEBHOOK_TIMEOUT_SECONDS
from bot.core.clock import SystemClock
from config.settings import Settings, SettingsError
from storage.channels import WebhookEndpoint
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade


async def run(settings: Settings, args: argparse.Namespace) -> str:
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine).begin() as session:
            now = SystemClock().now()
            if args.action == "add":
                names = [n.strip() for n in args.events.split(",") if n.strip()]
                try:
                    endpoint, secret = await webhooks.add(
                        session, now, args.target or "", names, args.with_texts
                    )
                except webhooks.WebhookRefused as refused:
                    raise SettingsError(f"webhook not added: {refused}") from None
                return (
                    f"webhook {endpoint.id} added for {', '.join(endpoint.events)}\n"
                    f"secret (give it to the receiver; shown once): {secret}"
                )
            if args.action == "list":
                rows = (
                    await session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
                ).all()
                lines = [
                    f"{e.id}\t{'active' if e.active else 'disabled'}\t{e.url}\t{','.join(e.events)}"
                    f"\t{'with texts' if e.with_texts else 'ids only'}"
                    for e in rows
                ]
                return "\n".join(lines) or "no webhooks"
            target = args.target or ""
            found = await session.get(WebhookEndpoint, int(target)) if target.isdigit() else None
            if found is None:
                raise SettingsError(f"no webhook {args.target!r}; see 'ura webhooks list'")
            if args.action == "remove":
                found.active = False
                return f"webhook {found.id} removed (it gets no more events)"
            delivery = await webhooks.ping(session, now, found)
            url, secret, body = found.url, found.secret, delivery.body
            await session.delete(delivery)  # tested directly, not queued
    finally:
        await engine.dispose()
    raw = body.encode()
    began = time.monotonic()
    headers = {
        "Content-Type": "application/json",
        webhooks.SIGNATURE_HEADER: webhooks.sign(secret, raw),
    }
    try:
        async with httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS) as client:
            response = await client.post(url, content=raw, headers=headers)
    except httpx.HTTPError as error:
        raise SettingsError(f"webhook test failed: {type(error).__name__}") from None
    return (
        f"webhook test: HTTP {response.status_code} in {(time.monotonic() - began) * 1000:.0f} ms"
    )

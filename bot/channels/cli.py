"""`ura webhooks add|list|remove|test`: endpoints are registered by whoever runs the server;
add, remove and test are audited as the CLI and the operating-system user (endpoints.py)."""

from __future__ import annotations

import argparse
import time

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels import endpoints, webhooks
from bot.channels.model import WEBHOOK_TIMEOUT_SECONDS, WebhookAction
from bot.core.clock import SystemClock
from config.settings import Settings, SettingsError
from storage.channels import WebhookEndpoint
from storage.db import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade


async def run(settings: Settings, args: argparse.Namespace) -> str:
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        sessions = create_session_factory(engine)
        async with sessions.begin() as session:
            if args.action == "add":
                return await _add(session, args)
            if args.action == "list":
                rows = await session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
                return endpoints.listing(rows.all())
            found = await _endpoint(session, args.target or "")
            if args.action == "remove":
                if not endpoints.remove(session, SystemClock().now(), found):
                    return f"webhook {found.id} was already removed"
                return f"webhook {found.id} removed (it gets no more events)"
        return await _test(sessions, found.id)
    finally:
        await engine.dispose()


async def _add(session: AsyncSession, args: argparse.Namespace) -> str:
    names = [n.strip() for n in args.events.split(",") if n.strip()]
    now = SystemClock().now()
    try:
        endpoint, secret = await webhooks.add(
            session, now, args.target or "", names, args.with_texts
        )
    except webhooks.WebhookRefused as refused:
        raise SettingsError(f"webhook not added: {refused}") from None
    endpoints.record(session, now, WebhookAction.ADDED, endpoint)
    return (
        f"webhook {endpoint.id} added for {', '.join(endpoint.events)}\n"
        f"secret (give it to the receiver; shown once): {secret}"
    )


async def _endpoint(session: AsyncSession, target: str) -> WebhookEndpoint:
    found = await session.get(WebhookEndpoint, int(target)) if target.isdigit() else None
    if found is None:
        raise SettingsError(f"no webhook {target!r}; see 'ura webhooks list'")
    return found


async def _test(sessions: SessionFactory, endpoint_id: int) -> str:
    """A signed ping posted at once (not queued); the outcome is audited."""
    async with sessions.begin() as session:
        found = await _endpoint(session, str(endpoint_id))
        delivery = await webhooks.ping(session, SystemClock().now(), found)
        url, secret, raw = found.url, found.secret, delivery.body.encode()
        await session.delete(delivery)  # tested directly, not queued
    began = time.monotonic()
    headers = {
        "Content-Type": "application/json",
        webhooks.SIGNATURE_HEADER: webhooks.sign(secret, raw),
    }
    try:
        async with httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS) as client:
            response = await client.post(url, content=raw, headers=headers)
        outcome, error = f"HTTP {response.status_code}", None
    except httpx.HTTPError as failed:
        outcome = error = type(failed).__name__
    async with sessions.begin() as session:
        found = await _endpoint(session, str(endpoint_id))
        endpoints.record(session, SystemClock().now(), WebhookAction.TESTED, found, outcome=outcome)
    if error is not None:
        raise SettingsError(f"webhook test failed: {error}")
    return f"webhook test: {outcome} in {(time.monotonic() - began) * 1000:.0f} ms"

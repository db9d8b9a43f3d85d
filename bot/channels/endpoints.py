"""Webhook endpoints as whoever runs the server manages them (`ura webhooks`): each change is
audited with who did it — the command line and the operating-system user, since the CLI has no
member — and the listing and the audit show an endpoint's URL without credentials, query string
or fragment, and never its secret."""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.model import WebhookAction
from bot.core import audit
from storage.audit import AuditEvent
from storage.channels import WebhookEndpoint

CLI = "cli"


def operator() -> str:
    """The operating-system user running the command (an unnamed container user: its uid)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def public_url(url: str) -> str:
    """The URL to show: scheme, host, port and path; no user, password, query or fragment
    (receivers often carry a token there)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def record(
    session: AsyncSession,
    now: datetime,
    action: WebhookAction,
    endpoint: WebhookEndpoint,
    outcome: str | None = None,
) -> AuditEvent:
    """Who changed which endpoint, and to what: never its secret."""
    event = audit.record(
        session,
        now,
        action,
        subject=("webhook", endpoint.id),
        actor=CLI,
        os_user=operator(),
        url=public_url(endpoint.url),
        events=list(endpoint.events),
        with_texts=endpoint.with_texts,
    )
    if outcome is not None:
        event.details["outcome"] = outcome
    return event


def remove(session: AsyncSession, now: datetime, endpoint: WebhookEndpoint) -> bool:
    """Stop an endpoint's events (the row stays, for its deliveries' history). False when it
    was already stopped."""
    if not endpoint.active:
        return False
    endpoint.active = False
    record(session, now, WebhookAction.REMOVED, endpoint)
    return True


def listing(rows: Sequence[WebhookEndpoint]) -> str:
    lines = [
        f"{e.id}\t{'active' if e.active else 'disabled'}\t{public_url(e.url)}"
        f"\t{','.join(e.events)}\t{'with texts' if e.with_texts else 'ids only'}"
        for e in rows
    ]
    return "\n".join(lines) or "no webhooks"

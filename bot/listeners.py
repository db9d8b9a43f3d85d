"""What the delivery engine tells the rest of Ura after a message settles.

Wired by the composition root (bot/app.py); they open their own transactions, since they run
outside any person's action.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.progress import Debounce, publish
from bot.channels import email
from bot.context import Services
from bot.core.rendering import Reply
from bot.delivery import Job, Priority, enqueue_to
from bot.delivery.settling import GivenUpHook, Listener, UnreachableHook
from bot.exchange import links
from bot.members import directory
from bot.members.render.roster import unreachable_notice
from storage.outbox import FAILED, Broadcast, OutboxMessage


def progress_listener(services: Services) -> Listener:
    """For the delivery engine: after a broadcast's row settles, refresh its progress (at most
    every two seconds, and always after the last) and report once everything has settled."""

    async def flush(broadcast_id: int) -> None:
        now = services.clock.now()
        async with services.sessions.begin() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is not None:
                t, zone = services.translator, services.settings.zone
                await publish(session, now, t, zone, broadcast)
        services.wake_delivery()

    debounce = Debounce(flush)

    async def listener(job: Job, _state: str) -> None:
        if job.broadcast_id is not None:
            debounce.poke(job.broadcast_id)

    return listener


def kicked_listener(services: Services) -> Listener:
    """For the delivery engine: a linked group chat that refuses Ura (403, the bot was removed)
    is unlinked, audited, so its notices stop piling up as failures."""

    async def listener(job: Job, state: str) -> None:
        if state != FAILED or job.chat_id > 0:
            return
        async with services.sessions.begin() as session:
            row = await session.get(OutboxMessage, job.id)
            if row is None or not (row.last_error or "").startswith("unreachable"):
                return
            now = services.clock.now()
            await links.unlink(session, now, job.chat_id, None, row.last_error or "")

    return listener


def email_fallback(services: Services) -> GivenUpHook:
    """For the delivery engine, in the transaction that fails them: messages Telegram could not
    deliver to a member (403: they blocked Ura or deleted the chat) go by e-mail, if they
    confirmed an address for it. One transaction, so a crash loses neither or both."""

    async def hook(session: AsyncSession, jobs: list[Job]) -> None:
        now = services.clock.now()
        for job in jobs:
            if job.member_id is None or job.chat_id < 0 or job.kind == "edit":
                continue
            member = await directory.by_id(session, job.member_id)
            text = str(job.payload.get("text") or "")
            if member is None or not text.strip():
                continue
            ref = (job.ref_type, job.ref_id) if job.ref_type and job.ref_id else None
            await email.fallback_copy(session, now, services.translator, member, text, ref)

    return hook


def unreachable_hook(services: Services) -> UnreachableHook:
    """A member who blocked Ura (403) is marked unreachable and the coordinators told, once."""

    async def hook(member_id: int, _chat_id: int, reason: str) -> None:
        if services.channels is not None:
            services.channels.wake()  # e-mail copies were committed with the failure
        await _tell_unreachable(services, member_id, reason)

    return hook


async def _tell_unreachable(services: Services, member_id: int, reason: str) -> None:
    """Mark the member unreachable and tell the coordinators, once per change."""
    now = services.clock.now()
    async with services.sessions.begin() as session:
        member = await directory.mark_unreachable(session, now, member_id, reason)
        if member is None:
            return
        for coordinator in await directory.coordinators(session):
            if coordinator.id == member.id:
                continue
            notice = unreachable_notice(services.translator, coordinator.language, member, reason)
            enqueue_to(
                session,
                coordinator,
                notice,
                now=now,
                priority=Priority.NOTICE,
            )
    services.wake_delivery()


def webhook_disabled_hook(services: Services) -> Callable[[int, str], Awaitable[None]]:
    """For the channel worker: an endpoint failing for a day was disabled; the coordinators are
    told once, with what to do."""

    async def hook(endpoint_id: int, url: str) -> None:
        now = services.clock.now()
        host = urlsplit(url).hostname or "?"
        async with services.sessions.begin() as session:
            for coordinator in await directory.coordinators(session):
                text = services.translator(
                    coordinator.language, "webhook.disabled", id=endpoint_id, host=host
                )
                enqueue_to(session, coordinator, Reply(text), now=now, priority=Priority.NOTICE)
        services.wake_delivery()

    return hook

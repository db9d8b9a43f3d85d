"""Webhook delivery as Telegram does it: POST each pending update to the url set by setWebhook.

Telegram sends an update as a JSON body with the header ``X-Telegram-Bot-Api-Secret-Token``
(when a secret was set), up to ``max_connections`` requests at a time (default 40). A 2xx
answer confirms the update; anything else, or no answer, and the update is sent again later.
Updates the bot did not ask for (``allowed_updates``) are never sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from .world import PendingUpdate, World

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_MAX_CONNECTIONS = 40
RETRY_AFTER_FAILURE = 0.5  # Telegram waits longer; the tests need not


@dataclass
class WebhookLog:
    """What the pusher saw: each answer's status (0 = no answer) and when updates arrived."""

    statuses: list[int] = field(default_factory=list)
    delivered: dict[int, float] = field(default_factory=dict)  # update_id -> time confirmed


class WebhookPusher:
    """Runs beside the fake server; idle while no webhook is set."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.log = WebhookLog()
        self._in_flight: set[int] = set()
        self._retry_at: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None
        self._sends: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="fakebot-webhook")

    async def stop(self) -> None:
        for task in [*self._sends, *([self._task] if self._task else [])]:
            task.cancel()
        for task in [*self._sends, *([self._task] if self._task else [])]:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._task = None

    def _ready(self) -> list[PendingUpdate]:
        url = self.world.webhook.get("url")
        if not url:
            return []
        now = time.monotonic()
        allowed = self.world.webhook.get("allowed_updates") or self.world.allowed_updates
        limit = int(self.world.webhook.get("max_connections") or DEFAULT_MAX_CONNECTIONS)
        free = limit - len(self._in_flight)
        ready = []
        for update in self.world.updates:
            if free <= 0:
                break
            if update.update_id in self._in_flight or self._retry_at.get(update.update_id, 0) > now:
                continue
            if allowed and update.kind not in allowed:
                continue
            ready.append(update)
            free -= 1
        return ready

    async def _run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while not self.world.closing:
                ready = await self.world.notifier.wait_until(self._ready, 0.25)
                for update in ready or []:
                    self._in_flight.add(update.update_id)
                    update.fetched = True
                    task = asyncio.create_task(self._post(http, update))
                    self._sends.add(task)
                    task.add_done_callback(self._sends.discard)

    async def _post(self, http: aiohttp.ClientSession, update: PendingUpdate) -> None:
        webhook: dict[str, Any] = self.world.webhook
        headers = {"Content-Type": "application/json"}
        if webhook.get("secret_token"):
            headers[SECRET_HEADER] = str(webhook["secret_token"])
        status = 0
        try:
            async with http.post(str(webhook["url"]), json=update.payload, headers=headers) as r:
                status = r.status
        except (aiohttp.ClientError, TimeoutError, KeyError):
            status = 0
        finally:
            self._in_flight.discard(update.update_id)
        self.log.statuses.append(status)
        if 200 <= status < 300:
            self.world.updates = [u for u in self.world.updates if u is not update]
            self._retry_at.pop(update.update_id, None)
            self.log.delivered[update.update_id] = time.monotonic()
        else:
            self._retry_at[update.update_id] = time.monotonic() + RETRY_AFTER_FAILURE
        self.world.notifier.notify()

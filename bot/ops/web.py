"""The HTTP server: Telegram's webhook, /healthz and /metrics (tornado, as python-telegram-bot's
own webhook server uses).

The webhook accepts an update only with the right `X-Telegram-Bot-Api-Secret-Token` (403 and
a log line with the peer address otherwise), answers 400 to a body that is not an update, and
503 while the process shuts down, so Telegram sends the update again (to another instance).
"""

from __future__ import annotations

import hmac
import json
import logging
from datetime import timedelta
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.web import Application as Tornado
from tornado.web import RequestHandler

from bot.ops import figures, health

log = logging.getLogger("ura.webhook")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
LATE_AFTER_TICKS = 3


class _Handler(RequestHandler):
    def initialize(self, app: Any, secret: str = "") -> None:
        self.app = app
        self.services = app.bot_data.services
        self.secret = secret

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def log_exception(self, *args: Any) -> None:  # tornado would print the request: no
        log.warning("webhook server error on %s %s", self.request.method, self.request.path)


class UpdateHandler(_Handler):
    async def post(self) -> None:
        if self.services.ops.stopping:
            return self._reply(503, {"ok": False, "error": "shutting down"})
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            forwarded = self.request.headers.get("X-Forwarded-For", "")
            log.warning(
                "webhook request refused: wrong or missing secret token; peer %s%s",
                self.request.remote_ip,  # the socket's peer (no xheaders): not spoofable
                f" (forwarded for {forwarded})" if forwarded else "",
            )
            return self._reply(403, {"ok": False, "error": "forbidden"})
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, self.app.bot)
        except Exception:  # noqa: BLE001 - any unreadable body is the sender's fault
            return self._reply(400, {"ok": False, "error": "not an update"})
        await self.app.update_queue.put(update)
        return self._reply(200, {"ok": True})


class HealthHandler(_Handler):
    async def get(self) -> None:
        s = self.services
        report = await health.check(
            s.ops, s.sessions, s.clock.now(), s.settings.scheduler_tick_seconds
        )
        self._reply(200 if report["healthy"] else 503, report)


class MetricsHandler(_Handler):
    async def get(self) -> None:
        s = self.services
        late = s.settings.scheduler_tick_seconds * LATE_AFTER_TICKS
        async with s.sessions() as session:
            found = await figures.read(session, s.clock.now(), timedelta(seconds=late))
        deliveries = s.delivery.stats if s.delivery is not None else None
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        sender = s.sender is not None and s.sender.held
        self.finish(s.ops.metrics.exposition(found, deliveries, sender))


def build(app: Any, webhook_path: str | None, secret: str) -> Tornado:
    routes: list[Any] = [
        (r"/healthz", HealthHandler, {"app": app}),
        (r"/metrics", MetricsHandler, {"app": app}),
    ]
    if webhook_path is not None:
        routes.append((webhook_path, UpdateHandler, {"app": app, "secret": secret}))
    return Tornado(routes)


def listen(app: Any, host: str, port: int, webhook_path: str | None, secret: str) -> HTTPServer:
    server = HTTPServer(build(app, webhook_path, secret), max_body_size=2 * 1024 * 1024)
    server.listen(port, address=host)
    return server

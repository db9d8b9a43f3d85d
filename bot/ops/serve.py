"""`ura run`: long polling (the default) or webhook, until SIGTERM or SIGINT, then a clean stop.

On a signal Ura stops taking updates (the poller stops; the webhook answers 503 so Telegram
sends the update again, to another instance), finishes the updates it holds, lets sends in
flight finish and gives back the outbox rows it claimed but did not send, all within
STOP_WITHIN seconds. A send still unanswered then is left "sending": the next start (or
another instance) counts it as uncertain, exactly as after a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from urllib.parse import urlsplit

from telegram import Update
from tornado.httpserver import HTTPServer

from bot.app import UraApplication, _polling_failed, boot, stop
from bot.ops import web
from config.settings import Settings

log = logging.getLogger("ura.run")
STOP_WITHIN = 10.0
DELIVERY_GRACE = 7.0  # of STOP_WITHIN, for sends in flight


async def serve(app: UraApplication, settings: Settings, webhook: bool) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    server: HTTPServer | None = None
    await boot(app)
    try:
        if webhook:
            url, secret = settings.require_webhook()
            path = urlsplit(url).path or "/"
            server = web.listen(app, settings.webhook_listen, settings.webhook_port, path, secret)
            await app.bot.set_webhook(
                url, secret_token=secret, allowed_updates=Update.ALL_TYPES, max_connections=40
            )
            log.info(
                "webhook mode: listening on %s:%s", settings.webhook_listen, settings.webhook_port
            )
        else:
            if settings.metrics_port is not None:
                server = web.listen(app, settings.webhook_listen, settings.metrics_port, None, "")
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=0.0,
                timeout=10,
                allowed_updates=Update.ALL_TYPES,
                error_callback=_polling_failed,
            )
            log.info("long polling")
        await stopping.wait()
        log.info("stopping: no new updates; finishing what is in hand")
    finally:
        await shutdown(app, server)


async def shutdown(app: UraApplication, server: HTTPServer | None) -> None:
    services = app.bot_data.services
    services.ops.stopping = True  # /healthz and the webhook answer 503 from now on
    if services.sender is not None:
        services.sender.close()  # a stopping process never becomes the sender
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()  # handles the updates already taken; stops the timer ticks
    delivery, services.delivery = services.delivery, None
    if delivery is not None:
        try:
            await asyncio.wait_for(asyncio.shield(delivery.stop()), DELIVERY_GRACE)
        except TimeoutError:
            log.warning("sends still in flight at shutdown; they will count as uncertain")
            with contextlib.suppress(Exception):
                await delivery.store.unregister()  # gives back the claimed, unsent rows
    if server is not None:
        server.stop()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.close_all_connections(), 1.0)
    await stop(app)
    log.info("stopped")


def run(app: UraApplication, settings: Settings, webhook: bool) -> None:
    asyncio.run(serve(app, settings, webhook))

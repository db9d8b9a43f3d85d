"""The composition root: build_application() assembles Ura; the CLI and the tests call it."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes

import handlers
from bot import listeners
from bot.callbacks import CallbackSigner
from bot.clock import Clock, SystemClock
from bot.context import BotData, Services
from bot.delivery import DeliveryEngine
from bot.delivery.gateway import TelegramGateway
from bot.delivery.lease import SenderLease
from bot.i18n import LANGUAGES, Translator
from bot.ops.updates import InstrumentedApplication, name_handlers
from bot.renderers.help import COORDINATORS, EVERYONE, MEMBERS, command_menu
from bot.scheduling import TimerHandler, Timers
from bot.services import (
    alert_timers,
    broadcast_progress,
    exchange_digest,
    meeting_reminders,
    members,
)
from config.settings import Settings
from storage.db import create_engine, create_session_factory

log = logging.getLogger(__name__)
UraApplication = Application[Any, Any, Any, Any, BotData, Any]


def build_application(settings: Settings, *, clock: Clock | None = None) -> UraApplication:
    token = settings.require_token()
    engine = create_engine(settings.database_url)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=create_session_factory(engine),
        clock=clock or SystemClock(),
        translator=Translator(settings.default_language),
        signer=CallbackSigner(token.encode()),
    )
    api = settings.telegram_api_url
    app: UraApplication = (
        ApplicationBuilder()
        .application_class(InstrumentedApplication)  # one log line and metric per update
        .token(token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(ContextTypes(bot_data=BotData))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    services.timers = Timers(
        services.sessions,
        services.clock,
        services.translator,
        settings,
        _timer_handlers(),
        after_firing=services.wake_delivery,
    )
    app.bot_data.services = services
    handlers.register(app)
    name_handlers(app)
    app.add_error_handler(_log_error)
    return app


def _timer_handlers() -> dict[str, TimerHandler]:
    """Every kind of timer and the service that fires it; each feature adds its own kinds."""
    kinds: dict[str, TimerHandler] = {}
    kinds.update(meeting_reminders.TIMERS)
    kinds.update(alert_timers.TIMERS)
    kinds.update(exchange_digest.TIMERS)
    kinds.update(broadcast_progress.TIMERS)  # the durable delivery report
    return kinds


async def _tick(context: Any) -> None:
    services = context.application.bot_data.services
    services.ops.ticked()  # /healthz: the scheduler is alive
    timers = services.timers
    if timers is not None:
        await timers.fire_due()


async def _post_init(app: UraApplication) -> None:
    services = app.bot_data.services
    services.bot_username = app.bot.username
    async with services.sessions.begin() as session:
        await members.ensure_coordinators(
            session, services.clock.now(), services.settings.coordinators
        )
    await exchange_digest.plan_digests(services.sessions, services.clock, services.settings)
    await _publish_commands(app)
    gateway = TelegramGateway(
        app.bot, services.signer, services.settings.delivery.request_timeout_seconds
    )
    services.delivery = DeliveryEngine(
        services.sessions,
        gateway,
        services.settings.delivery,
        services.clock,
        on_unreachable=listeners.unreachable_hook(services),
    )
    services.delivery.listeners.append(listeners.progress_listener(services))
    services.delivery.listeners.append(listeners.kicked_listener(services))
    services.sender = SenderLease(services.engine, services.sessions, services.delivery)
    await services.sender.start()  # sends only while this process holds the sender lease
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        _tick, interval=services.settings.scheduler_tick_seconds, first=0.0, name="ura-timers"
    )


async def _publish_commands(app: UraApplication) -> None:
    """Command menus in both languages; coordinators get theirs in their own chat."""
    services = app.bot_data.services
    t = services.translator
    everyday = (*EVERYONE, *MEMBERS)
    menus: list[tuple[list[BotCommand], Any, str]] = []
    for lang in LANGUAGES:
        code = "" if lang == services.settings.default_language else lang
        menu = [BotCommand(n, d) for n, d in command_menu(t, lang, everyday)]
        menus.append((menu, BotCommandScopeDefault(), code))
    async with services.sessions() as session:
        for coordinator in await members.coordinators(session):
            menu = [
                BotCommand(n, d) for n, d in command_menu(t, coordinator.language, COORDINATORS)
            ]
            menus.append((menu, BotCommandScopeChat(coordinator.telegram_user_id), ""))
    for menu, scope, code in menus:
        try:
            await app.bot.set_my_commands(menu, scope=scope, language_code=code)
        except TelegramError as error:  # a menu is a convenience, never a reason not to start
            log.warning("could not publish a command menu (%s): %s", scope.type, error)


async def _post_stop(app: UraApplication) -> None:
    services = app.bot_data.services
    if services.sender is not None:
        services.sender.close()
    if services.delivery is not None:
        await services.delivery.stop()
    if services.sender is not None:
        await services.sender.stop()  # after the engine: the lease goes once nothing is sent


async def _post_shutdown(app: UraApplication) -> None:
    await app.bot_data.services.engine.dispose()


async def _log_error(update: object, context: Any) -> None:
    log.error(
        "unhandled error for update %s", getattr(update, "update_id", None), exc_info=context.error
    )


async def boot(app: UraApplication) -> None:
    """Everything but taking updates: `ura run` then polls or listens for the webhook."""
    await app.initialize()
    await _post_init(app)
    await app.start()


async def start(app: UraApplication, *, poll_timeout: int = 10) -> None:
    """What run_polling does before it blocks: for the tests and the benchmark."""
    await boot(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)


async def stop(app: UraApplication) -> None:
    """What run_polling does after it returns."""
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await _post_stop(app)
    await app.shutdown()
    await _post_shutdown(app)

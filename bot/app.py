"""The composition root: build_application() assembles Ura; the CLI and the tests call it."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes

import handlers
from bot import listeners, requests
from bot.alerts import timers as alert_timers
from bot.broadcasts import progress
from bot.channels.worker import ChannelWorker
from bot.context import BotData, Services
from bot.core import signing_keys
from bot.core.callbacks import CallbackSigner
from bot.core.clock import Clock, SystemClock
from bot.core.help import COORDINATORS, EVERYONE, MEMBERS, command_menu
from bot.core.i18n import LANGUAGES, Translator
from bot.core.scheduling import TimerHandler, Timers
from bot.delivery import DeliveryEngine
from bot.delivery.forget import forget_listener
from bot.delivery.gateway import TelegramGateway, status_of
from bot.delivery.lease import SenderLease
from bot.exchange import digest
from bot.meetings import reminders as meeting_reminders
from bot.members import directory
from bot.ops.updates import InstrumentedApplication, name_handlers
from bot.reports import schedule as report_schedule
from bot.rosters import notify as roster_notify
from config.settings import Settings
from storage.db import create_engine, create_session_factory

log = logging.getLogger(__name__)
UraApplication = Application[Any, Any, Any, Any, BotData, Any]
KEYS_RELOAD = timedelta(minutes=1)  # how soon a running bot sees `ura keys rotate`


class _ErrorPageFilter(logging.Filter):
    """python-telegram-bot logs an error page it cannot read (a 502 from Telegram's front end)
    with a traceback, then raises the error that the caller handles and logs in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Can not load invalid JSON data")


_ERROR_PAGES = _ErrorPageFilter()


def build_application(settings: Settings, *, clock: Clock | None = None) -> UraApplication:
    token = settings.require_token()
    logging.getLogger("telegram.request.BaseRequest").addFilter(_ERROR_PAGES)  # idempotent
    engine = create_engine(settings.database_url)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=create_session_factory(engine),
        clock=clock or SystemClock(),
        translator=Translator(settings.default_language),
        # Not the token: a placeholder until _post_init loads Ura's own key from the database.
        signer=CallbackSigner(secrets.token_bytes(32)),
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
    kinds.update(digest.TIMERS)
    kinds.update(progress.TIMERS)  # the durable delivery report
    kinds.update(report_schedule.TIMERS)  # the monthly monitoring report
    kinds.update(requests.TIMERS)  # monitoring requests: reminders, overdue flags
    kinds.update(roster_notify.TIMERS)  # duty rosters: the sweep, shift reminders, gaps
    return kinds


async def load_keys(services: Services) -> None:
    """The signing keys from the database (a rotation by `ura keys rotate` is seen here)."""
    now = services.clock.now()
    async with services.sessions.begin() as session:
        keys = await signing_keys.load(session, now, services.settings)
    services.signer.use(keys.current, keys.previous, loaded_at=now)


async def _tick(context: Any) -> None:
    services = context.application.bot_data.services
    services.ops.ticked()  # /healthz: the scheduler is alive
    if services.signer.loaded_before(services.clock.now() - KEYS_RELOAD):
        await load_keys(services)
    timers = services.timers
    if timers is not None:
        await timers.fire_due()


async def _post_init(app: UraApplication) -> None:
    services = app.bot_data.services
    services.bot_username = app.bot.username
    await load_keys(services)
    async with services.sessions.begin() as session:
        await directory.ensure_coordinators(
            session,
            services.clock.now(),
            services.settings.coordinators,
            services.settings.default_language,
        )
    await digest.plan_digests(services.sessions, services.clock, services.settings)
    await report_schedule.plan_monthly(services.sessions, services.clock, services.settings)
    async with services.sessions.begin() as session:
        await roster_notify.plan_sweep(session, services.clock.now())
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
    services.delivery.listeners.append(forget_listener(services.sessions))
    services.delivery.on_given_up = listeners.email_fallback(services)
    services.sender = SenderLease(services.engine, services.sessions, services.delivery)
    await services.sender.start()  # sends only while this process holds the sender lease
    services.channels = ChannelWorker(
        services.sessions,
        services.clock,
        services.settings,
        on_disabled=listeners.webhook_disabled_hook(services),
        bot_username=services.bot_username,
    )
    await services.channels.start()
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
        for coordinator in await directory.coordinators(session):
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
    if services.channels is not None:
        await services.channels.stop()
        services.channels = None
    if services.sender is not None:
        services.sender.close()
    if services.delivery is not None:
        await services.delivery.stop()
    if services.sender is not None:
        await services.sender.stop()  # after the engine: the lease goes once nothing is sent


async def _post_shutdown(app: UraApplication) -> None:
    await app.bot_data.services.engine.dispose()


def _polling_failed(error: TelegramError) -> None:
    """getUpdates failed and python-telegram-bot polls again: one line, no traceback."""
    log.warning("telegram getUpdates failed: %s; polling retries", status_of(error))


async def _log_error(update: object, context: Any) -> None:
    if update is None and isinstance(context.error, TelegramError):
        _polling_failed(context.error)  # run_polling hands failed polls to the error handlers
        return
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
    await app.updater.start_polling(
        poll_interval=0.0, timeout=poll_timeout, error_callback=_polling_failed
    )


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

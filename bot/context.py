"""The typed application state shared by handlers and jobs (instead of bot_data["..."])."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.callbacks import CallbackSigner
from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.core.permissions import Access
from bot.core.rate_limit import RateLimiter
from bot.core.turn import Turn
from bot.ops.health import Ops
from config.settings import Settings
from storage.db import SessionFactory
from storage.members import Draft
from storage.outbox import OutboxMessage

if TYPE_CHECKING:
    from bot.channels.worker import ChannelWorker
    from bot.core.scheduling import Timers
    from bot.delivery.engine import DeliveryEngine
    from bot.delivery.lease import SenderLease

FlowAnswer = Callable[[Turn, Draft, str], Awaitable[None]]
# A Telegram reply to one of Ura's messages: (turn, the outbox row replied to, the text).
ReplyAnswer = Callable[[Turn, OutboxMessage, str], Awaitable[None]]


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessions: SessionFactory
    clock: Clock
    translator: Translator
    signer: CallbackSigner
    delivery: DeliveryEngine | None = None
    timers: Timers | None = None
    channels: ChannelWorker | None = None  # e-mail and outgoing webhooks
    bot_username: str = ""
    sender: SenderLease | None = None  # one sending process at a time (PostgreSQL)
    ops: Ops = field(default_factory=Ops)  # health, metrics, shutting down

    def wake_delivery(self) -> None:
        """Something was queued: the Telegram outbox, and the e-mails and webhooks beside it."""
        if self.delivery is not None:
            self.delivery.wake()
        if self.channels is not None:
            self.channels.wake()


class BotData:
    """PTB creates this empty; build_application() fills in the services."""

    def __init__(self) -> None:
        self._services: Services | None = None
        self.flows: dict[str, FlowAnswer] = {}  # flow name -> what takes its answers
        self.replies: dict[str, ReplyAnswer] = {}  # outbox ref_type -> what takes replies
        # flow name -> who may answer it: checked again at every answer, as for its command
        self.flow_access: dict[str, Access] = {}
        self.limiter: RateLimiter | None = None  # per-person pace, built from the settings

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the application was not built with build_application()")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value

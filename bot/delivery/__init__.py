"""One way out: the outbox, the pacing engine that drains it, and the Telegram gateway."""

from bot.delivery.engine import DeliveryEngine
from bot.delivery.outbox import (
    Priority,
    copies,
    enqueue,
    enqueue_edit,
    enqueue_to,
    sent_message,
)
from bot.delivery.store import Job

__all__ = [
    "DeliveryEngine",
    "Job",
    "Priority",
    "copies",
    "enqueue",
    "enqueue_edit",
    "enqueue_to",
    "sent_message",
]

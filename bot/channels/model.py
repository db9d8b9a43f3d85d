"""The words of the outer channels: states of a send, e-mail modes, webhook events."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Payload

MAX_WEBHOOK_AGE_HOURS = 24  # a delivery is retried with backoff for up to a day
DISABLE_AFTER_HOURS = 24  # an endpoint failing for a day is disabled and the coordinators told
WEBHOOK_TIMEOUT_SECONDS = 10.0
BACKOFF_BASE_SECONDS = 30.0  # 30 s, 1 min, 2 min, … capped below
BACKOFF_MAX_SECONDS = 3600.0
EMAIL_MAX_ATTEMPTS = 6
SEND_DEADLINE_FACTOR = 3  # a whole send is cut off after this many of its timeouts
CODE_TTL_MINUTES = 30  # an e-mail confirmation code's life
CODE_MAX_ATTEMPTS = 5
BATCH = 20  # rows handled per pass


class SendState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"  # taken by a sender, not yet started: a dead sender's go back to pending
    SENDING = "sending"  # marked just before the send: a dead sender's become uncertain
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"  # the process died mid-send: it may have gone; never repeated


class EmailMode(StrEnum):
    NEVER = "never"
    FALLBACK = "fallback"  # when Telegram cannot reach me
    URGENT = "urgent"  # also urgent alerts still unacknowledged after the first escalation


class EmailAction(StrEnum):
    """What a member's e-mail choices write to the audit log."""

    ADDRESS_ADDED = "email.address_added"
    CONFIRMED = "email.confirmed"
    REMOVED = "email.removed"
    MODE = "email.mode"


class EmailPurpose(StrEnum):
    CONFIRM = "confirm"
    FALLBACK = "fallback"
    URGENT = "urgent"


FINAL_STATES = frozenset({SendState.SENT, SendState.FAILED, SendState.UNCERTAIN})


class Channel(StrEnum):
    """The label of `ura_channel_sends` and of the delivery lines."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class WebhookEvent(StrEnum):
    """Audit actions that become webhook events (the audit log is the one stream of what
    happened); the value is both the audit action and the event's name in the body."""

    ALERT_RAISED = "alert.raised"
    ALERT_ACKNOWLEDGED = "alert.acknowledged"
    ALERT_ACTING = "alert.acting"
    ALERT_ESCALATED = "alert.escalated"
    ALERT_REFERRED = "alert.referred"
    ALERT_RESOLVED = "alert.resolved"
    MEETING_SCHEDULED = "meeting.scheduled"
    MEETING_CANCELLED = "meeting.cancelled"
    MEETING_MOVED = "meeting.moved"
    REQUEST_CREATED = "request.created"
    REQUEST_ANSWERED = "request.answered"
    PING = "ping"


EVENTS = tuple(WebhookEvent)


class WebhookAction(StrEnum):
    """What `ura webhooks` writes to the audit log (not events: no endpoint hears of them)."""

    ADDED = "webhook.added"
    REMOVED = "webhook.removed"
    TESTED = "webhook.tested"


# The buttons of /email. The "0" is what phones already hold.
@dataclass(frozen=True)
class AddEmail(Payload, code="ema"):
    unused: int = 0


@dataclass(frozen=True)
class ChooseMode(Payload, code="emm"):
    mode: EmailMode


@dataclass(frozen=True)
class RemoveEmail(Payload, code="emr"):
    unused: int = 0

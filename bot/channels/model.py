"""The words of the outer channels: states of a send, e-mail modes, webhook events."""

from __future__ import annotations

from enum import StrEnum

MAX_WEBHOOK_AGE_HOURS = 24  # a delivery is retried with backoff for up to a day
DISABLE_AFTER_HOURS = 24  # an endpoint failing for a day is disabled and the coordinators told
WEBHOOK_TIMEOUT_SECONDS = 10.0
BACKOFF_BASE_SECONDS = 30.0  # 30 s, 1 min, 2 min, … capped below
BACKOFF_MAX_SECONDS = 3600.0
EMAIL_MAX_ATTEMPTS = 6
CLAIM_LEASE_SECONDS = 60.0  # a send claimed longer ago than this by a dead process is settled
CODE_TTL_MINUTES = 30  # an e-mail confirmation code's life
CODE_MAX_ATTEMPTS = 5
BATCH = 20  # rows handled per pass


class SendState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"  # the process died mid-send: it may have gone; never repeated


class EmailMode(StrEnum):
    NEVER = "never"
    FALLBACK = "fallback"  # when Telegram cannot reach me
    URGENT = "urgent"  # also urgent alerts still unacknowledged after the first escalation


class EmailPurpose(StrEnum):
    CONFIRM = "confirm"
    FALLBACK = "fallback"
    URGENT = "urgent"


# Audit actions that become webhook events (the audit log is the one stream of what happened).
EVENTS = (
    "alert.raised",
    "alert.acknowledged",
    "alert.acting",
    "alert.escalated",
    "alert.referred",
    "alert.resolved",
    "meeting.scheduled",
    "meeting.cancelled",
    "meeting.moved",
    "request.created",
    "request.answered",
    "ping",
)

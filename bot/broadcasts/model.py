"""The words of broadcasts as types: a broadcast's state, its audience's kind, the steps of
/broadcast, each recipient's outcome, and the payloads of every broadcast button. Stored
values are these enums' values (no migration); button codes and argument layouts are the
ones phones already hold."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Payload


class Status(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


ACTIVE = (Status.SCHEDULED, Status.SENDING)


class AudienceKind(StrEnum):
    EVERYONE = "everyone"
    ROLE = "role"
    AGENCY = "agency"
    GROUPS = "groups"


class FlowStep(StrEnum):
    AUDIENCE = "audience"
    TO = "to"  # the role, agency or groups; skipped for everyone
    TEXT_SQ = "text_sq"
    TEXT_EN = "text_en"
    ATTACHMENT = "attachment"  # a document, or the Skip button
    CONFIRM = "confirm"
    WHEN = "when"


class Send(StrEnum):
    """The preview's choices."""

    NOW = "now"
    LATER = "later"
    CANCEL = "cancel"


class Outcome(StrEnum):
    """How one recipient fared (their latest attempt counts)."""

    DELIVERED = "delivered"
    UNREACHABLE = "unreachable"
    FAILED = "failed"
    UNCERTAIN = "uncertain"  # the send's outcome is unknown: it may or may not have arrived
    CANCELLED = "cancelled"
    PENDING = "pending"


FAILED_OUTCOMES = frozenset({Outcome.UNREACHABLE, Outcome.FAILED})
UNCERTAIN_OUTCOMES = frozenset({Outcome.UNCERTAIN})


# The buttons (codes as phones hold them).
@dataclass(frozen=True)
class Skip(Payload, code="bcs"):
    step: FlowStep


@dataclass(frozen=True)
class Stop(Payload, code="bcx"):
    broadcast: int


@dataclass(frozen=True)
class Resend(Payload, code="bcr"):
    broadcast: int


@dataclass(frozen=True)
class ResendUncertain(Payload, code="bcu"):
    broadcast: int


@dataclass(frozen=True)
class OpenReport(Payload, code="bco"):
    broadcast: int


@dataclass(frozen=True)
class Older(Payload, code="bcl"):
    offset: int

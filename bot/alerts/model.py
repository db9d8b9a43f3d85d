"""The words of alerts as types: statuses, urgencies, categories, why someone received a copy,
referral states, and the payloads of the card's buttons. Stored values are these enums'
values, so the database needs no migration."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Payload


class Status(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    IN_ACTION = "in_action"
    RESOLVED = "resolved"


OPEN_STATUSES = (Status.OPEN, Status.ACKNOWLEDGED, Status.IN_ACTION)


class Urgency(StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"


class Category(StrEnum):
    POTENTIAL_VICTIM = "potential_victim"
    CHILD_AT_RISK = "child_at_risk"
    RECRUITMENT = "recruitment"
    MISSING_PERSON = "missing_person"
    OTHER = "other"


class Reason(StrEnum):
    """Why a person holds a copy of an alert."""

    ROUTED = "routed"
    COORDINATOR = "coordinator"
    ESCALATION = "escalation"
    REFERRAL = "referral"


class ReferralStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


# The card's buttons (the codes are what phones already hold: they never change).
@dataclass(frozen=True)
class Acknowledge(Payload, code="ala"):
    alert: int


@dataclass(frozen=True)
class TakeAction(Payload, code="alt"):
    alert: int


@dataclass(frozen=True)
class Release(Payload, code="alu"):
    alert: int


@dataclass(frozen=True)
class WriteNote(Payload, code="aln"):
    alert: int


@dataclass(frozen=True)
class Refer(Payload, code="alf"):
    alert: int


@dataclass(frozen=True)
class Resolve(Payload, code="alr"):
    alert: int

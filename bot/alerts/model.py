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


class Result(StrEnum):
    """What a press or a step did (Outcome.result): done, or why nothing changed."""

    DONE = "done"
    ALREADY = "already"  # nothing changed: it was so already
    REFUSED = "refused"  # not theirs to press
    CLOSED = "closed"  # the alert is gone or resolved
    EMPTY = "empty"  # a note with no text
    NOBODY = "nobody"  # a referral with nobody to receive it


# Referrals and /alerts.
@dataclass(frozen=True)
class AcceptReferral(Payload, code="alA"):
    referral: int


@dataclass(frozen=True)
class DeclineReferral(Payload, code="alD"):
    referral: int


@dataclass(frozen=True)
class OpenAlert(Payload, code="alo"):
    alert: int


# /routing by buttons: categories and sectors by their positions in Category and Agency.
@dataclass(frozen=True)
class RoutingCategory(Payload, code="rtc"):
    category: int


@dataclass(frozen=True)
class RoutingToggle(Payload, code="rts"):
    category: int
    agency: int


@dataclass(frozen=True)
class RoutingBack(Payload, code="rtb"):
    zero: int = 0


@dataclass(frozen=True)
class RoutingReset(Payload, code="rtr"):
    zero: int = 0


# /escalation by buttons. scope: "d" (the default), "c<category position>", "r<group id>";
# steps: the steps so far as "10b-30c" (see render/escalation_buttons.py).
@dataclass(frozen=True)
class EscalationScope(Payload, code="es0"):
    scope: str


@dataclass(frozen=True)
class EscalationStepDone(Payload, code="es1"):
    """A step's audience chosen ("r3.10b"), or "add another step" ("r3.10b.+")."""

    scope: str
    steps: str
    more: str = ""  # left out when empty: "r3.10b", the layout phones hold


@dataclass(frozen=True)
class EscalationMinutes(Payload, code="es2"):
    scope: str
    steps: str
    minutes: int


@dataclass(frozen=True)
class EscalationSave(Payload, code="es3"):
    scope: str
    steps: str  # or "reset"

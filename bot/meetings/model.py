"""The words of roundtables as types: a meeting's status, an invitee's answer, a follow-up
action's status, the steps of /meeting, and the payloads of every meeting button. Stored
values are these enums' values, so the database needs no migration; the button codes and
argument layouts are the ones phones already hold, so they never change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Payload


class Status(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Response(StrEnum):
    """An invitee's RSVP (None in storage while they have not answered)."""

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


class ActionStatus(StrEnum):
    """A follow-up action decided at a roundtable."""

    OPEN = "open"
    DONE = "done"


class FlowStep(StrEnum):
    """The steps of /meeting (and "move", the one question of moving a meeting)."""

    GROUPS = "groups"
    TITLE = "title"
    START = "start"
    DURATION = "duration"
    PLACE = "place"
    AGENDA = "agenda"
    CONFIRM = "confirm"
    MOVE = "move"


class ActionStep(StrEnum):
    """The steps of a follow-up action."""

    TEXT = "text"
    OWNER = "owner"
    DUE = "due"


class Confirm(StrEnum):
    """The summary's two buttons."""

    SEND = "send"
    CANCEL = "cancel"


# The buttons (codes as phones hold them).
@dataclass(frozen=True)
class Rsvp(Payload, code="mtv"):
    meeting: int
    answer: Response


@dataclass(frozen=True)
class Move(Payload, code="mtt"):
    meeting: int


@dataclass(frozen=True)
class AskCancel(Payload, code="mtx"):
    meeting: int


@dataclass(frozen=True)
class ConfirmCancel(Payload, code="mtk"):
    meeting: int


@dataclass(frozen=True)
class Attendance(Payload, code="mta"):
    meeting: int


@dataclass(frozen=True)
class TogglePresent(Payload, code="mtp"):
    meeting: int
    member: int


@dataclass(frozen=True)
class AttendancePage(Payload, code="mtq"):
    meeting: int
    page: int


@dataclass(frozen=True)
class NewAction(Payload, code="mto"):
    meeting: int


@dataclass(frozen=True)
class ActionDone(Payload, code="mtd"):
    action: int

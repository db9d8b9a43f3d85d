"""The words of the exchange as types: the /update flow's steps and choices, where replies go,
the weekly digest's value, and the payloads of the exchange's buttons. Stored values and
button codes are these enums' values and the codes phones already hold: they never change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.core import picker
from bot.core.callbacks import Payload
from bot.log.model import TOPICS, EntryKind, Topic
from storage.alerts import Alert
from storage.exchange import ExchangeEntry
from storage.meetings import Meeting
from storage.members import Group

__all__ = [
    "ALL_GROUPS",
    "NO_ATTACHMENT",
    "PICKED",
    "TOPICS",
    "Digest",
    "EntryKind",
    "LinkGroup",
    "OlderPage",
    "RepliesGroup",
    "RepliesTo",
    "SetReplies",
    "Step",
    "Topic",
]

UPDATE_REF = "update"  # outbox copies of a relayed entry: ("update", entry id)
REPLIES_REF = "exchange_replies"  # copies of a group's /replies card: (REPLIES_REF, group id)


class Step(StrEnum):
    """The steps of /update, in order."""

    GROUP = "group"
    TOPIC = "topic"
    TEXT = "text"
    ATTACHMENT = "attachment"


ALL_GROUPS = picker.EVERYONE  # "all": a coordinator's choice, every group at once
PICKED = picker.DONE  # "done": a coordinator's choice, the groups ticked so far
NO_ATTACHMENT = "none"


class RepliesTo(StrEnum):
    """Where replies to a group's updates go (the button's argument; stored as a boolean)."""

    AUTHOR = "0"  # only the author of what is answered
    GROUP = "1"  # the author and the whole group

    @classmethod
    def of(cls, to_group: bool) -> RepliesTo:
        return cls.GROUP if to_group else cls.AUTHOR


@dataclass
class Digest:
    """One group's week: its updates by topic, the region's open alerts, upcoming meetings."""

    group: Group
    since: datetime
    until: datetime
    by_topic: dict[str, list[ExchangeEntry]] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    alerts_hidden: bool = False  # for a group chat: alerts are read only by their audience


# The exchange's buttons (the codes are what phones already hold: they never change).
@dataclass(frozen=True)
class OlderPage(Payload, code="exh"):
    """/history's next page: the group shown (0 = all the caller may read), before which entry."""

    group: int
    before: int


@dataclass(frozen=True)
class LinkGroup(Payload, code="exl"):
    """/link in a group chat: the group it is to serve."""

    group: int


@dataclass(frozen=True)
class RepliesGroup(Payload, code="exq"):
    """/replies without a name: the group whose setting to show."""

    group: int


@dataclass(frozen=True)
class SetReplies(Payload, code="exr"):
    group: int
    to: RepliesTo

"""The words of duty rosters: periods, override reasons and states, the steps of its forms,
timers, and the payloads of its buttons (the codes phones already hold: they never change)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from bot.core.callbacks import Payload

DEFAULT_HANDOVER = time(8, 0)
DEFAULT_WEEKDAYS = frozenset(range(5))  # Monday to Friday
DEFAULT_HOURS = (time(8, 0), time(16, 0))  # a region's offices, unless it set its own
REMIND_BEFORE_MINUTES = 60  # a member is reminded about an hour before their shift
GAP_LOOKAHEAD_HOURS = 24  # a shift with nobody on it is announced a day ahead
SWEEP_MINUTES = 15  # how often the roster is looked at for reminders and gaps
ICS_WEEKS = 8  # how far ahead one's shifts are written into the calendar file
HANDOVER_CHOICES = (time(7, 0), time(8, 0), time(9, 0), time(16, 0), time(20, 0))
COVER_DAYS = (1, 2, 3, 7, 14)


class HoursPreset(StrEnum):
    """The working hours a chair or coordinator picks for a region with one press."""

    OFFICE = "office"  # Monday to Friday 08:00-16:00; outside, the on-duty member first
    LONG = "long"  # Monday to Friday 08:00-20:00
    WEEK = "week"  # every day 08:00-20:00
    NIGHTS_ONLY = "nights"  # every day 08:00-16:00
    EVERYONE = "everyone"  # always everyone routed: the roster never narrows an alert


class Period(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"

    @property
    def days(self) -> int:
        return 1 if self is Period.DAILY else 7


class Reason(StrEnum):
    COVER = "cover"  # set by a chair or coordinator: holiday, sickness
    SWAP = "swap"  # offered by one member, accepted by the other


class OverrideState(StrEnum):
    ACTIVE = "active"
    OFFERED = "offered"  # a swap waiting for the colleague
    DECLINED = "declined"
    CANCELLED = "cancelled"


class RotationStep(StrEnum):
    SECTOR = "sector"
    PICK = "pick"  # taps on the editor until "save"


class CoverStep(StrEnum):
    MEMBER = "member"
    START = "start"
    DAYS = "days"


SAVE = "save"  # the editor's last tap
COVER_STARTS = (0, 1, 2)  # today, tomorrow, the day after

# The catalog keys of these words, spelled out so the catalog check sees every one.
PERIOD_KEYS = {Period.DAILY: "roster.period.daily", Period.WEEKLY: "roster.period.weekly"}
PRESET_KEYS = {
    HoursPreset.OFFICE: "roster.hours.preset.office",
    HoursPreset.LONG: "roster.hours.preset.long",
    HoursPreset.WEEK: "roster.hours.preset.week",
    HoursPreset.NIGHTS_ONLY: "roster.hours.preset.nights",
    HoursPreset.EVERYONE: "roster.hours.preset.everyone",
}
START_KEYS = {0: "roster.cover.start.0", 1: "roster.cover.start.1", 2: "roster.cover.start.2"}
DAY_KEYS = (  # Monday first, as date.weekday() counts
    "roster.day.mon",
    "roster.day.tue",
    "roster.day.wed",
    "roster.day.thu",
    "roster.day.fri",
    "roster.day.sat",
    "roster.day.sun",
)


class Timers(StrEnum):
    SWEEP = "roster.sweep"  # reminders before shifts, gaps a day ahead; plans its next run


class RosterRefused(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# /duty and its buttons
@dataclass(frozen=True)
class ShowRegion(Payload, code="rdut"):
    group: int


@dataclass(frozen=True)
class EditRotation(Payload, code="rrot"):
    group: int


@dataclass(frozen=True)
class AddCover(Payload, code="rcov"):
    rotation: int


@dataclass(frozen=True)
class OfferSwap(Payload, code="rsw"):
    rotation: int


@dataclass(frozen=True)
class OfferTo(Payload, code="rswo"):
    rotation: int
    colleague: int


@dataclass(frozen=True)
class AnswerSwap(Payload, code="rswa"):
    offer: int
    accept: int  # 1 accepts; anything else declines

    @property
    def accepted(self) -> bool:
        return self.accept == 1


@dataclass(frozen=True)
class Calendar(Payload, code="rcal"):
    group: int


@dataclass(frozen=True)
class PickHours(Payload, code="rhrs"):
    group: int


@dataclass(frozen=True)
class SetHours(Payload, code="rhrp"):
    group: int
    preset: HoursPreset

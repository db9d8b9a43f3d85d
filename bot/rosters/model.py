"""The words of duty rosters: periods, override reasons and states, timers."""

from __future__ import annotations

from datetime import time
from enum import StrEnum

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


class Timers(StrEnum):
    SWEEP = "roster.sweep"  # reminders before shifts, gaps a day ahead; plans its next run


class RosterRefused(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

"""The monitoring report's vocabulary: who reads it, the period, and the figures as values.

Figures are plain dataclasses filled by ``figures.py`` and read by the renderers; nothing
here touches the database or Telegram. The period buttons' payload is here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.callbacks import Payload


class Audience(StrEnum):
    """Which version: the coordinators' office, or the Advisory Group (no text, no names, <3)."""

    COORDINATOR = "coordinator"
    ADVISORY = "advisory"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    """Whole local days, first and last included, read in the configured zone (Europe/Tirane)."""

    first: date
    last: date
    kind: PeriodKind = PeriodKind.RANGE

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as UTC instants [start, end): local midnights, so DST shifts the hour."""
        start = datetime.combine(self.first, time(), zone).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time(), zone).astimezone(UTC)
        return start, end

    @property
    def token(self) -> str:
        """The period as typed: 2026-11, 2026-Q4, 2026, or 2026-11-01..2026-11-15."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.first:%Y-%m}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.YEAR:
            return str(self.first.year)
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


@dataclass(frozen=True)
class Timing:
    """Minutes (or hours) over n alerts: median and 90th percentile, None when n is 0."""

    n: int
    median: float | None
    p90: float | None


@dataclass
class RegionAlerts:
    slug: str
    name: str
    alerts: int = 0
    urgent: int = 0
    acknowledged: int = 0
    urgent_in_window: int = 0  # urgent alerts first acknowledged within the escalation window
    escalated: int = 0
    resolved: int = 0
    ack: Timing = field(default_factory=lambda: Timing(0, None, None))  # minutes
    resolve: Timing = field(default_factory=lambda: Timing(0, None, None))  # hours


@dataclass(frozen=True)
class Referrals:
    made: int
    accepted: int
    declined: int
    pending: int


@dataclass
class GroupMeetings:
    slug: str
    name: str
    held: int = 0
    invited: int = 0
    answered: int = 0
    attended: int = 0


@dataclass(frozen=True)
class FollowUps:
    on_time: int  # done by the due time
    late: int  # done after it, or still open after it
    open: int  # not done, not yet due


@dataclass
class Exchanged:
    """Updates and replies of one organisation (or one topic) in the period."""

    name: str
    updates: int = 0
    replies: int = 0


@dataclass
class RegionMembers:
    slug: str
    name: str
    members: int = 0
    unreachable: int = 0
    by_sector: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Month:
    """One month of the twelve-month trend."""

    first: date
    alerts: int
    urgent: int
    urgent_in_window: int
    ack_median: float | None  # minutes


@dataclass
class RequestsTo:
    """The Advisory Group's monitoring requests of the period to one addressee: a sector of a
    region, a whole regional committee, or the coordinator's office (region "office")."""

    region: str  # a committee's slug, or "office"
    name: str  # the region's name as people read it ("" for the office)
    sector: str  # an agency, "committee" (the whole committee), or "" (the office)
    asked: int = 0
    on_time: int = 0  # first answered on or before the due date (local day)
    late: int = 0  # first answered after it
    never: int = 0  # the due date passed (or it was closed) without an answer
    waiting: int = 0  # not answered yet, and not yet due
    days: Timing = field(default_factory=lambda: Timing(0, None, None))  # days to 1st answer
    recommendations: int = 0
    accepted: int = 0
    partly: int = 0
    not_accepted: int = 0


@dataclass
class Figures:
    period: Period
    as_of: datetime
    window_minutes: float  # the escalation window (URA_ALERT_ESCALATE_AFTER)
    regions: list[RegionAlerts]
    national_ack: Timing  # every acknowledged alert of the period, minutes
    categories: dict[str, int]
    sectors: dict[str, Timing]  # first acknowledgment by someone of that sector, minutes
    referrals: Referrals
    meetings: list[GroupMeetings]
    roundtables: int  # distinct roundtables held (one for all groups counts once)
    follow_ups: FollowUps
    organisations: list[Exchanged]
    topics: list[Exchanged]
    members: list[RegionMembers]
    pending_requests: int
    trend: list[Month]
    requests: list[RequestsTo] = field(default_factory=list)  # monitoring requests
    request_days: Timing = field(default_factory=lambda: Timing(0, None, None))  # to answer
    # Alerts that arrived outside working hours: how fast the member on duty acknowledged.
    on_duty_alerts: int = 0
    on_duty_ack: Timing = field(default_factory=lambda: Timing(0, None, None))  # minutes

    @property
    def total_alerts(self) -> int:
        return sum(r.alerts for r in self.regions)

    @property
    def silent(self) -> list[str]:
        """Organisations with no update in the period: listed, not hidden."""
        return [o.name for o in self.organisations if o.updates == 0]


# The period buttons of /report (the code and argument phones already hold).
@dataclass(frozen=True)
class PickPeriod(Payload, code="rpt"):
    period: str  # as /report reads it: 2026-11, 2026-Q4, 2026

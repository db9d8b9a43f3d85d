"""Who is on duty at an instant: a pure function over a rotation and its overrides.

Hand-overs follow the local clock of the rotation's zone: a daily rotation handing over at
08:00 hands over at 08:00 on the day clocks change too, so that shift is 23 or 25 hours long,
as a person expects. Overrides (cover, an accepted swap) win over the rotation for their span;
of two overlapping, the later one wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Spec:
    """A rotation as plain values; `member_ids` holds only those who may be on duty now."""

    member_ids: tuple[int | None, ...]  # None where a member in the order is no longer active
    period_days: int
    handover: time
    starts_on: date
    zone: ZoneInfo


@dataclass(frozen=True)
class Cover:
    member_id: int
    replaces: int | None  # None: covers whoever is on duty
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Shift:
    member_id: int | None  # None: a gap, nobody on duty
    starts_at: datetime
    ends_at: datetime
    covered: bool = False  # by an override, not the rotation


@dataclass(frozen=True)
class Hours:
    weekdays: frozenset[int]
    start: time
    end: time
    zone: ZoneInfo


def handover_at(spec: Spec, day: date) -> datetime:
    """The UTC instant of the hand-over on a local day."""
    return datetime.combine(day, spec.handover, tzinfo=spec.zone).astimezone(UTC)


def _base_day(spec: Spec, at: datetime) -> date:
    """The local day on which the rotation shift covering `at` began."""
    day = at.astimezone(spec.zone).date()
    if at < handover_at(spec, day):
        day -= timedelta(days=1)
    offset = (day - spec.starts_on).days // spec.period_days
    return spec.starts_on + timedelta(days=offset * spec.period_days)


def rotation_shift(spec: Spec, at: datetime) -> Shift:
    """The rotation's own shift at `at`, overrides aside."""
    base = _base_day(spec, at)
    start, end = handover_at(spec, base), handover_at(spec, base + timedelta(days=spec.period_days))
    if not spec.member_ids or at < handover_at(spec, spec.starts_on):
        return Shift(None, start, end)
    index = (base - spec.starts_on).days // spec.period_days
    return Shift(spec.member_ids[index % len(spec.member_ids)], start, end)


def _cover(own: Shift, covers: Sequence[Cover], at: datetime) -> Cover | None:
    found = None
    for cover in covers:
        if cover.starts_at <= at < cover.ends_at and cover.replaces in (None, own.member_id):
            found = cover  # the later one wins
    return found


def shift_at(spec: Spec, covers: Sequence[Cover], at: datetime) -> Shift:
    """Who is on duty at `at`, from when until when (an override's span, cut to the shift)."""
    own = rotation_shift(spec, at)
    cover = _cover(own, covers, at)
    if cover is None:  # the rotation's member, between the overrides that cut into the shift
        mine = [c for c in covers if c.replaces in (None, own.member_id)]
        start = max([own.starts_at, *[c.ends_at for c in mine if own.starts_at < c.ends_at <= at]])
        end = min([own.ends_at, *[c.starts_at for c in mine if at < c.starts_at < own.ends_at]])
        return Shift(own.member_id, start, end)
    return Shift(
        cover.member_id,
        max(cover.starts_at, own.starts_at),
        min(cover.ends_at, own.ends_at),
        covered=True,
    )


def shifts(spec: Spec, covers: Sequence[Cover], since: datetime, until: datetime) -> list[Shift]:
    """Every shift overlapping [since, until), in order (for .ics files and gap checks)."""
    found: list[Shift] = []
    at = since
    while at < until and len(found) < 1000:
        shift = shift_at(spec, covers, at)
        found.append(shift)
        at = max(shift.ends_at, at + timedelta(minutes=1))
    return found


def next_shift(spec: Spec, covers: Sequence[Cover], at: datetime) -> Shift:
    return shift_at(spec, covers, shift_at(spec, covers, at).ends_at)


def within_hours(hours: Hours, at: datetime) -> bool:
    local = at.astimezone(hours.zone)
    return local.weekday() in hours.weekdays and hours.start <= local.time() < hours.end

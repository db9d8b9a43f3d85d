"""The report's figures on the Advisory Group's monitoring requests: per addressee, how many
were asked, answered on time, late or never, the median days to the first answer, and how the
recommendations were received. Read from the stored requests (no second bookkeeping)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reports.model import RequestsTo, Timing
from storage.members import Group
from storage.requests import InfoRequest

OFFICE = "office"
WHOLE = "committee"


def _median(values: Sequence[float]) -> Timing:
    ordered = sorted(values)
    if not ordered:
        return Timing(0, None, None)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return Timing(len(ordered), median, None)


async def requests(
    session: AsyncSession,
    start: datetime,
    end: datetime,
    now: datetime,
    zone: ZoneInfo,
    committees: Sequence[Group],
) -> tuple[list[RequestsTo], Timing]:
    """Requests asked in [start, end), each judged as of `now`, and the days to the first
    answer over all of them."""
    names = {g.id: (g.slug, g.name) for g in committees}
    rows = (
        await session.scalars(
            select(InfoRequest).where(InfoRequest.created_at >= start, InfoRequest.created_at < end)
        )
    ).all()
    today = now.astimezone(zone).date()
    found: dict[tuple[str, str], RequestsTo] = {}
    days: dict[tuple[str, str], list[float]] = defaultdict(list)
    for request in rows:
        slug, name = names.get(request.group_id or 0, (OFFICE, ""))
        sector = "" if slug == OFFICE else (request.agency or WHOLE)
        key = (slug, sector)
        line = found.setdefault(key, RequestsTo(slug, name, sector))
        line.asked += 1
        if request.answered_at is not None:
            answered = request.answered_at.astimezone(zone).date()
            if answered <= request.due_on:
                line.on_time += 1
            else:
                line.late += 1
            days[key].append((request.answered_at - request.created_at).total_seconds() / 86400)
        elif request.status == "closed" or today > request.due_on:
            line.never += 1
        else:
            line.waiting += 1
        if request.kind == "recommendation":
            line.recommendations += 1
            if request.verdict in ("accepted", "partly", "not_accepted"):
                setattr(line, request.verdict, getattr(line, request.verdict) + 1)
    for key, line in found.items():
        line.days = _median(days[key])
    ordered = sorted(found.values(), key=lambda r: (r.region == OFFICE, r.name, r.sector))
    return ordered, _median([d for values in days.values() for d in values])

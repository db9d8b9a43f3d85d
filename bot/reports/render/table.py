"""Every figure of a report as CSV, one figure per row: section, key, measure, value.

A long table rather than a wide one, so a spreadsheet filters it and a program reads it back
(``read``) without knowing the report's layout. Cells that start like a formula get a
leading apostrophe, as in the exchange export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from bot.reports.model import Figures, Timing
from bot.reports.render.labels import Labels

HEADER = ("section", "key", "measure", "value")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Row = tuple[str, str, str, str]


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _timing(labels: Labels, section: str, key: str, unit: str, timing: Timing) -> Iterator[Row]:
    shown = labels.timing_shown(timing)
    yield section, key, f"median_{unit}", _number(timing.median) if shown else ""
    yield section, key, f"p90_{unit}", _number(timing.p90) if shown else ""


def rows(labels: Labels, figures: Figures) -> Iterator[Row]:
    c = labels.count
    yield "report", "period", "token", figures.period.token
    yield "report", "as_of", "utc", figures.as_of.isoformat()
    yield "report", "escalation_window", "minutes", _number(figures.window_minutes)
    yield "report", "version", "audience", labels.audience.value
    for r in figures.regions:
        for measure in ("alerts", "urgent", "acknowledged", "urgent_in_window"):
            yield "alerts", r.slug, measure, c(getattr(r, measure))
        yield "alerts", r.slug, "escalated", c(r.escalated)
        yield "alerts", r.slug, "resolved", c(r.resolved)
        yield from _timing(labels, "alerts", r.slug, "ack_min", r.ack)
        yield from _timing(labels, "alerts", r.slug, "resolve_h", r.resolve)
    yield from _timing(labels, "alerts", "all", "ack_min", figures.national_ack)
    yield "alerts", "on_duty", "outside_hours", c(figures.on_duty_alerts)
    yield from _timing(labels, "alerts", "on_duty", "ack_min", figures.on_duty_ack)
    for category, n in sorted(figures.categories.items()):
        yield "category", category, "alerts", c(n)
    for sector, timing in figures.sectors.items():
        yield "sector", sector, "acknowledged", c(timing.n)
        yield from _timing(labels, "sector", sector, "ack_min", timing)
    ref = figures.referrals
    for measure in ("made", "accepted", "declined", "pending"):
        yield "referrals", "all", measure, c(getattr(ref, measure))
    yield "roundtables", "all", "held", str(figures.roundtables)
    for m in figures.meetings:
        for measure in ("held", "invited", "answered", "attended"):
            yield "roundtables", m.slug, measure, str(getattr(m, measure))
    for measure in ("on_time", "late", "open"):
        yield "follow_ups", "all", measure, str(getattr(figures.follow_ups, measure))
    for o in figures.organisations:
        yield "organisation", _cell(o.name), "updates", str(o.updates)
        yield "organisation", _cell(o.name), "replies", str(o.replies)
    for topic in figures.topics:
        yield "topic", topic.name, "updates", str(topic.updates)
        yield "topic", topic.name, "replies", str(topic.replies)
    for region in figures.members:
        yield "members", region.slug, "members", str(region.members)
        yield "members", region.slug, "unreachable", str(region.unreachable)
        for sector, n in region.by_sector.items():
            yield "members", region.slug, f"sector:{sector}", str(n)
    yield "access_requests", "all", "pending", str(figures.pending_requests)
    for asked in figures.requests:
        key = f"{asked.region}:{asked.sector}" if asked.sector else asked.region
        for measure in ("asked", "on_time", "late", "never", "waiting"):
            yield "requests", key, measure, str(getattr(asked, measure))
        yield "requests", key, "median_days", _number(asked.days.median)
        for measure in ("recommendations", "accepted", "partly", "not_accepted"):
            yield "requests", key, measure, str(getattr(asked, measure))
    for month in figures.trend:
        key = f"{month.first:%Y-%m}"
        yield "trend", key, "alerts", c(month.alerts)
        yield "trend", key, "urgent", c(month.urgent)
        yield "trend", key, "urgent_in_window", c(month.urgent_in_window)
        hide = labels.private and month.alerts < labels.min_count
        yield "trend", key, "median_ack_min", "" if hide else _number(month.ack_median)


def to_csv(labels: Labels, figures: Figures) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(labels, figures))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheets read ë and ç


def read(data: bytes) -> dict[tuple[str, str, str], str]:
    """A report's CSV back as {(section, key, measure): value}."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(reader)
    if tuple(header) != HEADER:
        raise ValueError(f"not a report CSV: {header}")
    return {(s, k, m): v for s, k, m, v in reader}

"""The report's text: three to five sentences a person would write, in the reader's language."""

from __future__ import annotations

from bot.core.i18n import Safe
from bot.reports.model import Figures, RegionAlerts
from bot.reports.render.labels import Labels


def _in_window_share(region: RegionAlerts) -> float:
    return region.urgent_in_window / region.urgent


def _best_and_worst(labels: Labels, figures: Figures) -> tuple[RegionAlerts, RegionAlerts] | None:
    """The regions that did best and worst with urgent alerts; the Advisory Group's version
    only compares regions with enough of them that no one alert stands out."""
    floor = labels.min_count if labels.private else 1
    ranked = sorted(
        (r for r in figures.regions if r.urgent >= floor),
        key=lambda r: (-_in_window_share(r), -r.urgent, r.name),
    )
    if len(ranked) < 2 or _in_window_share(ranked[0]) == _in_window_share(ranked[-1]):
        return None
    return ranked[0], ranked[-1]


def _ok(labels: Labels, n: int) -> str:
    return labels.t("report.none") if n == 0 else labels.count(n)


def summary(labels: Labels, figures: Figures) -> str:
    period = labels.period(figures.period)
    window = labels.number(figures.window_minutes)
    lines: list[str] = [labels.t("report.title", period=period)]
    sentences: list[Safe] = []
    total = figures.total_alerts
    if total == 0:
        sentences.append(labels.t("report.s.no_alerts", period=period))
    else:
        active = sum(1 for r in figures.regions if r.alerts)
        alerts = labels.plural("report.n.alerts", total)
        regions = labels.plural("report.n.regions", active)
        key = f"report.s.alerts.{labels.form(total)}"
        sentences.append(labels.t(key, period=period, alerts=alerts, regions=regions))
        urgent = sum(r.urgent for r in figures.regions)
        if urgent:
            in_time = sum(r.urgent_in_window for r in figures.regions)
            median = figures.national_ack.median
            shown = labels.t("report.minutes", n=labels.number(median)) if median else "–"
            share = labels.share(in_time, urgent)
            sentences.append(labels.t("report.s.window", share=share, window=window, median=shown))
        pair = _best_and_worst(labels, figures)
        if pair is not None:
            best, worst = pair
            sentences.append(
                labels.t(
                    f"report.s.regions.{labels.form(best.urgent)}",
                    best=best.name,
                    best_ok=_ok(labels, best.urgent_in_window),
                    best_n=labels.count(best.urgent),
                    window=window,
                    worst=worst.name,
                    worst_ok=_ok(labels, worst.urgent_in_window),
                    worst_n=labels.count(worst.urgent),
                )
            )
    sentences.append(_meetings(labels, figures))
    if figures.requests:
        sentences.append(_requests(labels, figures))
    sentences.append(
        labels.t(
            "report.s.people",
            silent=len(figures.silent),
            orgs=len(figures.organisations),
            unreachable=sum(r.unreachable for r in figures.members),
            requests=figures.pending_requests,
        )
    )
    lines.append(" ".join(sentences))
    if labels.private:
        lines.append(labels.t("report.advisory_note", n=labels.min_count))
    return "\n\n".join(lines)


def _meetings(labels: Labels, figures: Figures) -> Safe:
    count = figures.roundtables
    if count == 0:
        return labels.t("report.s.meetings.none")
    invited = sum(m.invited for m in figures.meetings)
    attended = sum(m.attended for m in figures.meetings)
    rate = labels.share(attended, invited) if invited else "–"
    key = "report.s.meetings.one" if count == 1 else "report.s.meetings.other"
    follow = figures.follow_ups
    return labels.t(
        key, n=count, rate=rate, on_time=follow.on_time, late=follow.late, open=follow.open
    )


def _requests(labels: Labels, figures: Figures) -> Safe:
    """The Advisory Group's double control in one sentence: asked, answered on time, late,
    never; recommendations accepted."""
    rows = figures.requests
    median = labels.number(figures.request_days.median)
    return labels.t(
        "report.s.requests",
        asked=sum(r.asked for r in rows),
        on_time=sum(r.on_time for r in rows),
        late=sum(r.late for r in rows),
        never=sum(r.never for r in rows),
        days=median,
        recommendations=sum(r.recommendations for r in rows),
        accepted=sum(r.accepted for r in rows),
    )

"""The report's other charts: bars per region with the escalation window, the last twelve
months, and roundtable attendance. No chart has more than three series; every chart names the
period and the time its data was read (see canvas.py for the page they share)."""

from __future__ import annotations

import math
from collections.abc import Callable

from matplotlib.ticker import MaxNLocator

from bot.reports.model import Figures, RegionAlerts
from bot.reports.render.canvas import (
    BLUE,
    GREEN,
    LEGEND_AT,
    ORANGE,
    PLOT,
    SKY,
    VERMILION,
    Chart,
    page,
    shown_median,
)
from bot.reports.render.labels import Labels
from bot.reports.render.tilemap import tile_map


def _rank(labels: Labels, region: RegionAlerts) -> float:
    """Bars bottom to top: no alerts, then fastest to slowest, then nobody acknowledged."""
    if region.alerts > 0 and region.acknowledged == 0:
        return math.inf
    median = shown_median(labels, region)
    return -1.0 if median is None else median


def region_bars(labels: Labels, figures: Figures) -> Chart:
    title = labels.plain("report.chart.bars.title")
    figure = page(labels, figures, title)
    ax = figure.add_axes(PLOT)
    regions = sorted(figures.regions, key=lambda r: _rank(labels, r))  # the slowest on top
    y = list(range(len(regions)))
    medians = [shown_median(labels, r) or 0.0 for r in regions]
    p90s = [r.ack.p90 if labels.timing_shown(r.ack) else 0.0 for r in regions]
    ax.barh(
        [i + 0.2 for i in y],
        medians,
        height=0.4,
        color=BLUE,
        label=labels.plain("report.chart.median"),
    )
    ax.barh(
        [i - 0.2 for i in y],
        [p or 0.0 for p in p90s],
        height=0.4,
        color=SKY,
        label=labels.plain("report.chart.p90"),
    )
    window = figures.window_minutes
    ax.axvline(
        window,
        color=VERMILION,
        linewidth=3,
        linestyle="--",
        label=labels.plain("report.chart.window", n=labels.number(window)),
    )
    ax.set_yticks(y, [r.name for r in regions], fontsize=15)
    for i, region in enumerate(regions):
        if shown_median(labels, region) is None:
            unanswered = region.alerts > 0 and region.acknowledged == 0
            note = (
                labels.plain("report.chart.unacked", n=labels.count(region.alerts))
                if unanswered
                else labels.plain("report.chart.nodata")
            )
            ink = VERMILION if unanswered else "#444444"
            ax.text(0.5, i, note.replace("\n", " "), va="center", fontsize=13, color=ink)
    ax.set_xlabel(labels.plain("report.chart.minutes"), fontsize=15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole minutes: no "2.5" vs "2,5"
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=13)
    figure.legend(loc="upper left", bbox_to_anchor=LEGEND_AT, frameon=False, fontsize=14)
    return Chart("2-regions", title, figure)


def trend(labels: Labels, figures: Figures) -> Chart:
    title = labels.plain("report.chart.trend.title")
    figure = page(labels, figures, title)
    ax = figure.add_axes((0.13, 0.14, 0.74, 0.62))
    names = labels.months()
    months = figures.trend
    ticks = [
        f"{names[m.first.month - 1]}\n’{m.first.year % 100:02d}"
        if i == 0 or m.first.month == 1
        else names[m.first.month - 1]
        for i, m in enumerate(months)
    ]
    x = list(range(len(months)))
    counts = [0 if labels.hidden(m.alerts) else m.alerts for m in months]
    ax.bar(x, counts, color=BLUE, label=labels.plain("report.chart.trend.alerts"))
    for i, m in enumerate(months):
        if labels.hidden(m.alerts):
            ax.text(i, 0, labels.count(m.alerts), ha="center", va="bottom", fontsize=12)
    ax.set_xticks(x, ticks, fontsize=12.5)
    ax.tick_params(axis="y", labelsize=13)
    ax.set_ylabel(labels.plain("report.chart.trend.alerts"), fontsize=15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top"]].set_visible(False)
    share = ax.twinx()
    points = [
        (i, 100 * m.urgent_in_window / m.urgent)
        for i, m in enumerate(months)
        if m.urgent and not labels.hidden(m.urgent)
    ]
    share.plot(
        [p[0] for p in points],
        [p[1] for p in points],
        color=ORANGE,
        marker="o",
        linewidth=3,
        markersize=8,
        label=labels.plain("report.chart.trend.share"),
    )
    share.set_ylim(0, 105)
    share.set_ylabel("%", fontsize=15)
    share.tick_params(axis="y", labelsize=13)
    share.spines[["top"]].set_visible(False)
    handles = ax.get_legend_handles_labels()[0] + share.get_legend_handles_labels()[0]
    figure.legend(
        handles=handles, loc="upper left", bbox_to_anchor=LEGEND_AT, frameon=False, fontsize=14
    )
    return Chart("3-trend", title, figure)


def roundtables(labels: Labels, figures: Figures) -> Chart:
    title = labels.plain("report.chart.meetings.title")
    figure = page(labels, figures, title)
    ax = figure.add_axes(PLOT)
    groups = list(reversed(figures.meetings))
    y = list(range(len(groups)))
    series = (("invited", SKY, 0.27), ("answered", ORANGE, 0.0), ("attended", GREEN, -0.27))
    for name, colour, offset in series:
        values = [getattr(g, name) for g in groups]
        ax.barh(
            [i + offset for i in y],
            values,
            height=0.27,
            color=colour,
            label=labels.plain(f"report.chart.{name}"),
        )
    ax.set_yticks(y, [g.name for g in groups], fontsize=15)
    ax.set_xlabel(labels.plain("report.chart.people"), fontsize=15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=13)
    figure.legend(loc="upper left", bbox_to_anchor=LEGEND_AT, ncols=3, frameon=False, fontsize=14)
    return Chart("4-roundtables", title, figure)


CHARTS: tuple[Callable[[Labels, Figures], Chart], ...] = (tile_map, region_bars, trend, roundtables)


def charts(labels: Labels, figures: Figures) -> list[Chart]:
    return [draw(labels, figures) for draw in CHARTS]

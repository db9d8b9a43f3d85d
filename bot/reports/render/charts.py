"""The report's charts, drawn for a phone held upright: 1080 x 1350 pixels, large type.

matplotlib's object API (no pyplot, so no global figure state) on the Agg canvas; DejaVu
Sans, matplotlib's own font, has ë and ç. Colours are Okabe and Ito's palette and viridis,
both readable with the common colour-vision deficiencies; no chart has more than three
series. Every chart names the period and the time its data was read.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from bot.reports.model import Figures, RegionAlerts
from bot.reports.render.labels import Labels

WIDTH_IN, HEIGHT_IN, DPI = 7.2, 9.0, 150  # 1080 x 1350 px
TITLE_WIDTH = 34  # characters per title line at 20 pt
PLOT = (0.28, 0.12, 0.64, 0.63)  # left, bottom, width, height: below the title and legend
LEGEND_AT = (0.04, 0.89)  # the legend's top left, under the title
BLUE, SKY, ORANGE, GREEN, VERMILION, GREY = (
    "#0072B2",
    "#56B4E9",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#BBBBBB",
)
# The twelve qarqe laid out roughly as they lie: (column, row from the north).
TILES = {
    "shkoder": (0, 0),
    "kukes": (1, 0),
    "lezhe": (0, 1),
    "diber": (1, 1),
    "durres": (0, 2),
    "tirane": (1, 2),
    "elbasan": (1, 3),
    "fier": (0, 4),
    "berat": (1, 4),
    "korce": (2, 4),
    "vlore": (0, 5),
    "gjirokaster": (1, 5),
}


@dataclass(frozen=True)
class Chart:
    name: str  # the file name without extension, e.g. "1-map"
    title: str
    figure: Figure

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()


def _figure(labels: Labels, figures: Figures, title: str) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    wrapped = textwrap.fill(title, TITLE_WIDTH)
    figure.suptitle(wrapped, fontsize=20, fontweight="bold", x=0.04, ha="left", y=0.975)
    footer = labels.plain(
        "report.chart.footer",
        period=labels.period(figures.period),
        as_of=labels.moment(figures.as_of),
    )
    figure.text(0.04, 0.018, footer, fontsize=12.5, color="#444444", ha="left")
    return figure


def _shown_median(labels: Labels, region: RegionAlerts) -> float | None:
    return region.ack.median if labels.timing_shown(region.ack) else None


def _tile_value(labels: Labels, region: RegionAlerts, median: float | None) -> tuple[str, int]:
    """A tile's big line: the median; or how many alerts nobody acknowledged (the worst case
    must not look like "no data"); or "<3" where a median would point at too few alerts."""
    if median is not None:
        return labels.plain("report.minutes", n=labels.number(median)), 22
    if region.alerts == 0:
        return "–", 22
    if region.acknowledged == 0:
        return labels.plain("report.chart.unacked", n=labels.count(region.alerts)), 14
    return labels.count(region.acknowledged), 22


def tile_map(labels: Labels, figures: Figures) -> Chart:
    title = labels.plain("report.chart.map.title")
    figure = _figure(labels, figures, title)
    ax = figure.add_axes((0.02, 0.16, 0.96, 0.72))
    medians = {r.slug: _shown_median(labels, r) for r in figures.regions}
    known = [m for m in medians.values() if m is not None]
    top = max([2 * figures.window_minutes, *known])
    norm, cmap = Normalize(0, top), colormaps["viridis_r"]
    for region in figures.regions:
        if region.slug not in TILES:
            continue
        col, row = TILES[region.slug]
        median = medians[region.slug]
        unanswered = region.alerts > 0 and region.acknowledged == 0
        level = 1.0 if unanswered else (None if median is None else float(norm(median)))
        colour = GREY if level is None else cmap(level)  # nobody answering is the worst
        ax.add_patch(
            FancyBboxPatch(
                (col + 0.04, -row - 0.96),
                0.92,
                0.92,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=colour,
                edgecolor="white",
                linewidth=2,
            )
        )
        ink = "white" if level is not None and level > 0.45 else "black"
        ax.text(
            col + 0.5, -row - 0.3, region.name, ha="center", va="center", fontsize=16, color=ink
        )
        value, size = _tile_value(labels, region, median)
        ax.text(
            col + 0.5,
            -row - 0.66,
            value,
            ha="center",
            va="center",
            fontsize=size,
            fontweight="bold",
            color=ink,
        )
    ax.set_xlim(-0.02, 3.02)
    ax.set_ylim(-6.02, 0.02)
    ax.axis("off")
    bar = figure.add_axes((0.06, 0.1, 0.52, 0.025))
    scale = figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=bar, orientation="horizontal")
    scale.set_label(labels.plain("report.chart.map.legend"), fontsize=14)
    scale.ax.tick_params(labelsize=13)
    scale.ax.axvline(figures.window_minutes, color=VERMILION, linewidth=3)
    figure.patches.append(
        Rectangle(
            (0.66, 0.1), 0.04, 0.025, facecolor=GREY, transform=figure.transFigure, figure=figure
        )
    )
    figure.text(0.72, 0.112, labels.plain("report.chart.nodata"), fontsize=14, va="center")
    return Chart("1-map", title, figure)


def _rank(labels: Labels, region: RegionAlerts) -> float:
    """Bars bottom to top: no alerts, then fastest to slowest, then nobody acknowledged."""
    if region.alerts > 0 and region.acknowledged == 0:
        return math.inf
    median = _shown_median(labels, region)
    return -1.0 if median is None else median


def region_bars(labels: Labels, figures: Figures) -> Chart:
    title = labels.plain("report.chart.bars.title")
    figure = _figure(labels, figures, title)
    ax = figure.add_axes(PLOT)
    regions = sorted(figures.regions, key=lambda r: _rank(labels, r))  # the slowest on top
    y = list(range(len(regions)))
    medians = [_shown_median(labels, r) or 0.0 for r in regions]
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
        if _shown_median(labels, region) is None:
            unanswered = region.alerts > 0 and region.acknowledged == 0
            note = (
                labels.plain("report.chart.unacked", n=labels.count(region.alerts))
                if unanswered
                else labels.plain("report.chart.nodata")
            )
            ink = VERMILION if unanswered else "#444444"
            ax.text(0.5, i, note.replace("\n", " "), va="center", fontsize=13, color=ink)
    ax.set_xlabel(labels.plain("report.chart.minutes"), fontsize=15)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=13)
    figure.legend(loc="upper left", bbox_to_anchor=LEGEND_AT, frameon=False, fontsize=14)
    return Chart("2-regions", title, figure)


def trend(labels: Labels, figures: Figures) -> Chart:
    title = labels.plain("report.chart.trend.title")
    figure = _figure(labels, figures, title)
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
    figure = _figure(labels, figures, title)
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
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=13)
    figure.legend(loc="upper left", bbox_to_anchor=LEGEND_AT, ncols=3, frameon=False, fontsize=14)
    return Chart("4-roundtables", title, figure)


CHARTS: tuple[Callable[[Labels, Figures], Chart], ...] = (tile_map, region_bars, trend, roundtables)


def charts(labels: Labels, figures: Figures) -> list[Chart]:
    return [draw(labels, figures) for draw in CHARTS]

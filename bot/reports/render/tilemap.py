"""The map-like chart: the twelve qarqe as tiles laid out roughly as they lie, coloured by
the median time to acknowledge (a real outline would need map data no package here ships)."""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.patches import FancyBboxPatch, Rectangle

from bot.reports.model import Figures, RegionAlerts
from bot.reports.render.canvas import GREY, VERMILION, Chart, page, shown_median
from bot.reports.render.labels import Labels

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
    figure = page(labels, figures, title)
    ax = figure.add_axes((0.02, 0.16, 0.96, 0.72))
    medians = {r.slug: shown_median(labels, r) for r in figures.regions}
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

"""What every chart of a report shares: the page for a phone, the palette, the footer.

1080 x 1350 pixels, large type; matplotlib's object API (no pyplot, so no global figure
state) on the Agg canvas. DejaVu Sans, matplotlib's own font, has ë and ç. Colours are Okabe
and Ito's palette and viridis, both readable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

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


@dataclass(frozen=True)
class Chart:
    name: str  # the file name without extension, e.g. "1-map"
    title: str
    figure: Figure

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()


def page(labels: Labels, figures: Figures, title: str) -> Figure:
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


def shown_median(labels: Labels, region: RegionAlerts) -> float | None:
    return region.ack.median if labels.timing_shown(region.ack) else None

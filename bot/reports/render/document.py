"""The printable report: the summary, the charts, and the figures as tables, on A4 pages.

Drawn with matplotlib's PdfPages, so the PDF needs nothing beyond what draws the charts.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bot.reports.model import Figures
from bot.reports.render.canvas import Chart
from bot.reports.render.labels import TAGS, Labels

A4 = (8.27, 11.69)
WRAP = 78
WRAP_SMALL = 120
TOP_ORGANISATIONS = 18  # the busiest, in a table; the CSV has every one


def _page(title: str) -> Figure:
    page = Figure(figsize=A4)
    FigureCanvasAgg(page)
    page.text(0.07, 0.95, title, fontsize=17, fontweight="bold", va="top")
    return page


def _table(page: Figure, top: float, header: Sequence[str], body: list[list[str]]) -> None:
    if not body:
        return
    height = min(0.045 * (len(body) + 1), top - 0.05)
    ax = page.add_axes((0.07, top - height, 0.86, height))
    ax.axis("off")
    table = ax.table(cellText=body, colLabels=list(header), loc="upper center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    table.auto_set_column_width(list(range(len(header))))  # headers are not cut off
    table.scale(1, 1.25)
    for (row, _), cell in table.get_celld().items():
        if row == 0:
            cell.set_facecolor("#DDEEFF")
            cell.get_text().set_fontweight("bold")


def _summary_page(labels: Labels, figures: Figures, summary: str) -> Figure:
    page = _page(labels.plain("report.plain_title", period=labels.period(figures.period)))
    text = TAGS.sub("", summary).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    paragraphs = text.split("\n\n")[1:]  # the title is the page's own
    wrapped = "\n\n".join(textwrap.fill(p, WRAP) for p in paragraphs)
    page.text(0.07, 0.88, wrapped, fontsize=11.5, va="top", linespacing=1.5)
    footer = labels.plain(
        "report.chart.footer",
        period=labels.period(figures.period),
        as_of=labels.moment(figures.as_of),
    )
    page.text(0.07, 0.04, footer, fontsize=9, color="#444444")
    return page


def _alerts_page(labels: Labels, figures: Figures) -> Figure:
    page = _page(labels.plain("report.pdf.alerts"))
    c, n = labels.count, labels.number
    header = [
        labels.plain(f"report.col.{k}")
        for k in (
            "region",
            "alerts",
            "urgent",
            "in_window",
            "escalated",
            "resolved",
            "median",
            "p90",
            "resolve_h",
        )
    ]
    body = []
    for r in figures.regions:
        shown = labels.timing_shown(r.ack)
        resolve_shown = labels.timing_shown(r.resolve)
        body.append(
            [
                r.name,
                c(r.alerts),
                c(r.urgent),
                c(r.urgent_in_window),
                c(r.escalated),
                c(r.resolved),
                n(r.ack.median) if shown else "–",
                n(r.ack.p90) if shown else "–",
                n(r.resolve.median) if resolve_shown else "–",
            ]
        )
    _table(page, 0.9, header, body)
    return page


def _more_page(labels: Labels, figures: Figures) -> Figure:
    page = _page(labels.plain("report.pdf.more"))
    c, n = labels.count, labels.number
    categories = [
        [labels.plain(f"alert.category.{k}"), c(v)] for k, v in sorted(figures.categories.items())
    ]
    header = [labels.plain("report.col.category"), labels.plain("report.col.alerts")]
    _table(page, 0.9, header, categories)
    sectors = [
        [labels.plain(f"agency.{k}"), c(v.n), n(v.median), n(v.p90)]
        for k, v in figures.sectors.items()
        if labels.timing_shown(v)
    ]
    header = [labels.plain(f"report.col.{k}") for k in ("sector", "acknowledged", "median", "p90")]
    _table(page, 0.58, header, sectors)
    ref = figures.referrals
    page.text(
        0.07,
        0.12,
        labels.plain(
            "report.pdf.referrals",
            made=c(ref.made),
            accepted=c(ref.accepted),
            declined=c(ref.declined),
            pending=c(ref.pending),
        ),
        fontsize=11,
    )
    if figures.on_duty_alerts:  # the duty roster: how fast those woken at night answered
        duty = figures.on_duty_ack
        shown = labels.timing_shown(duty)
        page.text(
            0.07,
            0.07,
            labels.plain(
                "report.pdf.on_duty",
                alerts=c(figures.on_duty_alerts),
                acknowledged=c(duty.n),
                median=n(duty.median) if shown else "–",
            ),
            fontsize=11,
        )
    return page


def _people_page(labels: Labels, figures: Figures) -> Figure:
    page = _page(labels.plain("report.pdf.people"))
    members = {m.slug: m for m in figures.members}
    header = (
        [labels.plain(f"report.col.{k}") for k in ("region", "held")]
        + [labels.plain(f"report.chart.{k}") for k in ("invited", "answered", "attended")]
        + [
            labels.plain("report.col.members"),
            labels.plain("report.col.unreachable"),
        ]
    )
    body = []
    for m in figures.meetings:
        people = members.get(m.slug)
        body.append(
            [m.name, str(m.held), str(m.invited), str(m.answered), str(m.attended)]
            + ([str(people.members), str(people.unreachable)] if people else ["–", "–"])
        )
    _table(page, 0.9, header, body)
    page.text(
        0.07, 0.12, labels.plain("report.pdf.requests", n=figures.pending_requests), fontsize=11
    )
    return page


def _exchange_page(labels: Labels, figures: Figures) -> Figure:
    page = _page(labels.plain("report.pdf.exchange"))
    header = [labels.plain(f"report.col.{k}") for k in ("organisation", "updates", "replies")]
    busiest = figures.organisations[:TOP_ORGANISATIONS]
    _table(page, 0.9, header, [[o.name[:48], str(o.updates), str(o.replies)] for o in busiest])
    return page


def _requests_page(labels: Labels, figures: Figures) -> Figure:
    """Monitoring requests per addressee: asked, on time, late, never, median days, and the
    recommendations accepted (fully or in part) of those made."""
    page = _page(labels.plain("report.pdf.monitoring"))
    keys = ("addressee", "asked", "on_time", "late", "never", "days", "accepted")
    header = [labels.plain(f"report.col.{k}") for k in keys]
    body = []
    for r in figures.requests:
        who = (
            labels.plain("request.to.office")
            if not r.sector
            else (
                f"{r.name} · "
                + (
                    labels.plain("report.col.whole")
                    if r.sector == "committee"
                    else labels.plain(f"agency.{r.sector}")
                )
            )
        )
        taken = f"{r.accepted + r.partly}/{r.recommendations}" if r.recommendations else "–"
        body.append(
            [
                who[:30],
                str(r.asked),
                str(r.on_time),
                str(r.late),
                str(r.never),
                labels.number(r.days.median),
                taken,
            ]
        )
    _table(page, 0.9, header, body or [["–"] * len(keys)])
    return page


def _silent_page(labels: Labels, figures: Figures) -> Figure:
    """Every organisation without an update in the period, by name: listed, not hidden."""
    page = _page(labels.plain("report.pdf.exchange"))
    silent = ", ".join(figures.silent) or "–"
    text = textwrap.fill(labels.plain("report.pdf.silent", names=silent), WRAP_SMALL)
    page.text(0.07, 0.9, text, fontsize=8.5, va="top", linespacing=1.4)
    return page


def pdf(labels: Labels, figures: Figures, summary: str, charts: Sequence[Chart]) -> bytes:
    buffer = io.BytesIO()
    with PdfPages(
        buffer,
        metadata={
            "Title": labels.plain("report.plain_title", period=labels.period(figures.period))
        },
    ) as document:
        document.savefig(_summary_page(labels, figures, summary))
        for chart in charts:
            document.savefig(chart.figure)
        pages = (_alerts_page, _more_page, _people_page, _exchange_page, _silent_page)
        for draw in (*pages, _requests_page) if figures.requests else pages:
            document.savefig(draw(labels, figures))
    return buffer.getvalue()

"""A report from end to end: read the figures, render one version, hand out the files.

One rendering per version and language serves every reader of it; files go out through the
outbox as a text, photos and two documents (bytes travel base64-encoded in the payload).
"""

from __future__ import annotations

import asyncio
import base64
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import Translator
from bot.core.rendering import Reply
from bot.reports import figures as figures_
from bot.reports.model import Audience, Figures, Period
from bot.reports.render.charts import charts as draw_charts
from bot.reports.render.document import pdf
from bot.reports.render.labels import Labels
from bot.reports.render.summary import summary
from bot.reports.render.table import to_csv
from config.settings import Settings


@dataclass(frozen=True)
class Picture:
    name: str
    title: str
    png: bytes


@dataclass(frozen=True)
class Report:
    """One version of a report in one language: everything a reader receives."""

    period: Period
    audience: Audience
    lang: str
    summary: str  # HTML
    pictures: list[Picture]
    pdf: bytes
    csv: bytes

    @property
    def stem(self) -> str:
        return f"ura-report-{self.period.token.replace('..', '_')}-{self.audience.value}"

    def files(self) -> dict[str, bytes]:
        """File name -> bytes, as written by `ura report --out` and sent as documents."""
        named = {f"{self.stem}-{p.name}.png": p.png for p in self.pictures}
        named[f"{self.stem}.pdf"] = self.pdf
        named[f"{self.stem}.csv"] = self.csv
        return named

    def replies(self) -> list[Reply]:
        """The messages a reader gets, in order: the summary, the charts, the PDF, the CSV."""

        def document(data: bytes, filename: str) -> dict[str, str]:
            return {"content_b64": base64.b64encode(data).decode(), "filename": filename}

        out = [Reply(self.summary)]
        out += [
            Reply(p.title, photo=document(p.png, f"{self.stem}-{p.name}.png"))
            for p in self.pictures
        ]
        captions = self.captions
        out.append(Reply(captions[0], document=document(self.pdf, f"{self.stem}.pdf")))
        out.append(Reply(captions[1], document=document(self.csv, f"{self.stem}.csv")))
        return out

    captions: tuple[str, str] = ("", "")


async def read_figures(
    session: AsyncSession, period: Period, now: datetime, settings: Settings
) -> Figures:
    return await figures_.build(session, period, now, settings.zone, settings.alert_escalate_after)


def render(
    found: Figures, translator: Translator, lang: str, audience: Audience, settings: Settings
) -> Report:
    labels = Labels(translator, lang, audience, settings.report_min_count, settings.zone)
    text = summary(labels, found)
    charts = draw_charts(labels, found)
    pictures = [Picture(c.name, c.title, c.png()) for c in charts]
    document = pdf(labels, found, text, charts)
    return Report(
        period=found.period,
        audience=audience,
        lang=lang,
        summary=text,
        pictures=pictures,
        pdf=document,
        csv=to_csv(labels, found),
        captions=(labels.t("report.caption.pdf"), labels.t("report.caption.csv")),
    )


_DRAWING = threading.Lock()  # matplotlib is not promised to be thread-safe: one at a time


def _render_locked(
    found: Figures, translator: Translator, lang: str, audience: Audience, settings: Settings
) -> Report:
    with _DRAWING:
        return render(found, translator, lang, audience, settings)


async def render_aside(
    found: Figures, translator: Translator, lang: str, audience: Audience, settings: Settings
) -> Report:
    """Render in a worker thread: drawing takes seconds, and the event loop must keep
    delivering alerts meanwhile."""
    return await asyncio.to_thread(_render_locked, found, translator, lang, audience, settings)


def write(report: Report, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in report.files().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written

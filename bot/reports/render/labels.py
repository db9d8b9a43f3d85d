"""What every renderer of a report shares: the reader's language, and how counts are shown.

In the Advisory Group's version a count from 1 to URA_REPORT_MIN_COUNT - 1 is shown as
"<3", and a median over fewer alerts than that is not shown, so that no monthly figure
can point at one child.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator
from bot.reports.model import Audience, Period, PeriodKind, Timing

TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Labels:
    translator: Translator
    lang: str
    audience: Audience
    min_count: int
    zone: ZoneInfo

    @property
    def private(self) -> bool:
        """Small counts are hidden in anything that leaves the coordinators' office."""
        return self.audience is Audience.ADVISORY

    def t(self, key: str, **values: object) -> Safe:
        return self.translator(self.lang, key, **values)

    def plain(self, key: str, **values: object) -> str:
        """A catalog text for a chart or a PDF: no markup, no HTML escapes."""
        return html.unescape(TAGS.sub("", self.t(key, **values)))

    def hidden(self, n: int) -> bool:
        return self.private and 0 < n < self.min_count

    def count(self, n: int) -> str:
        return f"<{self.min_count}" if self.hidden(n) else str(n)

    def timing_shown(self, timing: Timing) -> bool:
        return timing.median is not None and not (self.private and timing.n < self.min_count)

    def share(self, part: int, whole: int) -> str:
        if whole == 0 or self.hidden(whole) or self.hidden(part):
            return "–"
        return f"{round(100 * part / whole)}%"

    def number(self, value: float | None) -> str:
        if value is None:
            return "–"
        shown = f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
        return shown.replace(".", ",") if self.lang == "sq" else shown  # 7,5 in Albanian

    def months(self) -> list[str]:
        return self.plain("report.months").split()

    def period(self, period: Period) -> str:
        return period_name(self.translator, self.lang, period)

    def moment(self, at: datetime) -> str:
        return at.astimezone(self.zone).strftime("%d.%m.%Y %H:%M")

    def plural(self, key: str, n: int) -> Safe:
        return self.t(f"{key}.{self.form(n)}", n=self.count(n))

    def form(self, n: int) -> str:
        """The plural form: "one" only for exactly 1 shown as 1 ("<3" reads as several)."""
        return "one" if n == 1 and not self.hidden(n) else "other"


def period_name(translator: Translator, lang: str, period: Period) -> str:
    """The period as a reader says it: nëntor 2026, tremujori 4 i vitit 2026, 01.11 – 15.11."""

    def plain(key: str, **values: object) -> str:
        return html.unescape(TAGS.sub("", translator(lang, key, **values)))

    first = period.first
    if period.kind is PeriodKind.MONTH:
        return f"{plain('report.month_names').split()[first.month - 1]} {first.year}"
    if period.kind is PeriodKind.QUARTER:
        return plain("report.period.quarter", q=(first.month - 1) // 3 + 1, year=first.year)
    if period.kind is PeriodKind.YEAR:
        return plain("report.period.year", year=first.year)
    return plain("report.period.range", first=f"{first:%d.%m.%Y}", last=f"{period.last:%d.%m.%Y}")

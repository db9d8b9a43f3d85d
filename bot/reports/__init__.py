"""Monitoring reports: where local coordination works and where it does not (issue 15).

The public face: ``parse_period`` and ``this_month`` read a period; ``read_figures`` and
``render`` make a report; ``notify`` decides who receives it; ``schedule`` sends it monthly.
"""

from bot.reports.model import Audience, Figures, Period
from bot.reports.period import BadPeriod, previous_month, this_month
from bot.reports.period import parse as parse_period
from bot.reports.render.labels import period_name
from bot.reports.report import Report, read_figures, render, write

__all__ = [
    "Audience",
    "BadPeriod",
    "Figures",
    "Period",
    "Report",
    "parse_period",
    "period_name",
    "previous_month",
    "read_figures",
    "render",
    "this_month",
    "write",
]

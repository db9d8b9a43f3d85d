"""Raising an alert: the guided flow's steps and the power users' one-line form.

/alert <region> <category> <urgent|normal> <description...>
e.g. /alert durres child urgent A girl of about 15 is begging at the port at night.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from bot.alerts.model import Category, Urgency
from bot.alerts.rules import MAX_TEXT
from bot.core.flows import Flow, Step
from bot.core.text import clean_text, fold, too_long
from storage.members import Group

FLOW = Flow(
    "alert",
    (
        Step("region", "choice"),
        Step("category", "choice"),
        Step("urgency", "choice"),
        Step("description", "text", max_len=MAX_TEXT, multiline=True),
        Step("guard", "choice"),
        Step("attachment", "choice"),
        Step("confirm", "choice"),
    ),
)

W = TypeVar("W", Category, Urgency)
CATEGORY_WORDS = {
    Category.POTENTIAL_VICTIM: ("potential_victim", "victim", "viktime", "pv"),
    Category.CHILD_AT_RISK: ("child_at_risk", "child", "femije", "minor", "mitur"),
    Category.RECRUITMENT: ("recruitment", "job", "rekrutim", "pune"),
    Category.MISSING_PERSON: ("missing_person", "missing", "zhdukur"),
    Category.OTHER: ("other", "tjeter"),
}
URGENCY_WORDS = {
    Urgency.URGENT: ("urgent", "urgjent", "u"),
    Urgency.NORMAL: ("normal", "n", "zakonshem"),
}


def _lookup(word: str, table: Mapping[W, tuple[str, ...]]) -> W | None:
    key = fold(word).replace(" ", "_")
    return next((value for value, words in table.items() if key in words), None)


class LineError(ValueError):
    """Which part of the one-line form is wrong: region, category, urgency or description."""


def parse_line(text: str, regions: Sequence[Group]) -> dict[str, Any]:
    """The draft data of a one-line alert; LineError names the first part that is wrong."""
    parts = text.strip().split(None, 3)
    while len(parts) < 4:
        parts.append("")
    region_word, category_word, urgency_word, description = parts
    region = next((g for g in regions if fold(region_word) in (fold(g.slug), fold(g.name))), None)
    if region is None or not region_word:
        raise LineError("region")
    category = _lookup(category_word, CATEGORY_WORDS) if category_word else None
    if category is None:
        raise LineError("category")
    urgency = _lookup(urgency_word, URGENCY_WORDS) if urgency_word else None
    if urgency is None:
        raise LineError("urgency")
    if too_long(description, MAX_TEXT):
        raise LineError("too_long")
    cleaned = clean_text(description, MAX_TEXT)
    if cleaned is None:  # nothing, or only blank and zero-width characters
        raise LineError("description")
    return {
        "region": str(region.id),
        "category": category,
        "urgency": urgency,
        "description": cleaned,
    }


# The small flows of working on an alert; each draft carries the alert (or referral) id.
NOTE_FLOW = Flow("alert_note", (Step("text", "text", max_len=MAX_TEXT, multiline=True),))
RESOLVE_FLOW = Flow("alert_resolve", (Step("text", "text", max_len=MAX_TEXT, multiline=True),))
REFER_FLOW = Flow("alert_refer", (Step("agency", "choice"), Step("reason", "text", max_len=500)))
DECLINE_FLOW = Flow("alert_decline", (Step("reason", "text", max_len=500),))

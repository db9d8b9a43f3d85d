"""The guided forms of the requests feature: asking (kind, addressee, text, due date,
attachment) and answering (verdict for a recommendation, text, attachment)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.flows import Flow, Step
from bot.core.local_time import Refused, parse_day
from bot.core.permissions import Agency
from bot.requests.model import (
    DEFAULT_DUE_DAYS,
    DUE_CHOICES,
    MAX_TEXT,
    Address,
    AnswerStep,
    AskStep,
    Kind,
    Target,
    Verdict,
)
from storage.members import Group

ASK = Flow(
    "request",
    (
        Step(AskStep.KIND, "choice"),
        Step(AskStep.REGION, "choice"),
        Step(AskStep.SECTOR, "choice"),
        Step(AskStep.TEXT, "text", max_len=MAX_TEXT, multiline=True),
        Step(AskStep.DUE, "text", max_len=20),
        Step(AskStep.ATTACHMENT, "choice"),
    ),
)
ANSWER = Flow(
    "request_answer",
    (
        Step(AnswerStep.VERDICT, "choice"),
        Step(AnswerStep.TEXT, "text", max_len=MAX_TEXT, multiline=True),
        Step(AnswerStep.ATTACHMENT, "choice"),
    ),
)
NO_ATTACHMENT = "none"
SECTORS = tuple(a.value for a in Agency if a is not Agency.OTHER)


def due_day(value: str, now: datetime, zone: ZoneInfo) -> date | Refused:
    """A due date from a button (+7, +14, +30 days) or typed (31.12.2026, 2026-12-31); it
    must be after today."""
    today = now.astimezone(zone).date()
    if value.startswith("+") and value[1:].isascii() and value[1:].isdigit():
        days = int(value[1:])
        return today + timedelta(days=days) if days in DUE_CHOICES else Refused("unparsable")
    day = parse_day(value, now, zone)
    if isinstance(day, date) and day <= today:
        return Refused("past")
    return day


def default_due(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date() + timedelta(days=DEFAULT_DUE_DAYS)


def address_of(data: dict[str, str]) -> Address:
    """The addressee from the form's answers: the office, a whole region, or a sector of it."""
    if data["region"] == Target.OFFICE:
        return Address(Target.OFFICE)
    group_id = int(data["region"])
    if data.get("sector") in (None, "", Target.COMMITTEE):
        return Address(Target.COMMITTEE, group_id)
    return Address(Target.SECTOR, group_id, data["sector"])


def ask_choices(step: str, regions: Sequence[Group]) -> set[str] | None:
    """The answers a choice step of /request takes (None for a typed step)."""
    if step == AskStep.KIND:
        return {k.value for k in Kind}
    if step == AskStep.REGION:
        return {str(g.id) for g in regions} | {Target.OFFICE.value}
    if step == AskStep.SECTOR:
        return set(SECTORS) | {Target.COMMITTEE.value}
    if step == AskStep.ATTACHMENT:
        return {NO_ATTACHMENT}
    return None


def answer_choices(step: str) -> set[str] | None:
    if step == AnswerStep.VERDICT:
        return {v.value for v in Verdict}
    if step == AnswerStep.ATTACHMENT:
        return {NO_ATTACHMENT}
    return None

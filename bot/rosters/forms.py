"""The guided forms of duty rosters: editing a rotation with taps, adding a cover."""

from __future__ import annotations

from datetime import time
from typing import Any

from bot.core.flows import Flow, Step
from bot.rosters.model import DEFAULT_HANDOVER, CoverStep, Period, RotationStep

ROTATION = Flow(
    "roster_rotation", (Step(RotationStep.SECTOR, "choice"), Step(RotationStep.PICK, "choice"))
)
COVER = Flow(
    "roster_cover",
    (
        Step(CoverStep.MEMBER, "choice"),
        Step(CoverStep.START, "choice"),
        Step(CoverStep.DAYS, "choice"),
    ),
)


def edit(data: dict[str, Any], value: str) -> dict[str, Any]:
    """One tap on the rotation editor: a member in or out of the order, the period, the hour."""
    order: list[int] = list(data.get("order", []))
    if value.startswith("m") and value[1:].isdigit():
        member = int(value[1:])
        order = [m for m in order if m != member] if member in order else [*order, member]
        return {**data, "order": order}
    if value.startswith("p") and value[1:] in {p.value for p in Period}:
        return {**data, "period": value[1:]}
    if value.startswith("h") and len(value) == 5 and value[1:].isdigit():
        hour, minute = int(value[1:3]), int(value[3:])
        if hour < 24 and minute < 60:
            return {**data, "handover": f"{hour:02d}:{minute:02d}"}
    return data


def period_of(data: dict[str, Any]) -> Period:
    return Period(data.get("period", Period.WEEKLY))


def handover_of(data: dict[str, Any]) -> time:
    raw = str(data.get("handover", ""))
    return time.fromisoformat(raw) if raw else DEFAULT_HANDOVER

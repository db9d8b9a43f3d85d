"""The escalation policy as data: steps of (delay, audience) for unacknowledged urgent alerts.

The default ships in config/alert_escalation.json; a coordinator may set another per region
("region:durres") or per category ("category:child_at_risk"), audited. 'interval' means
URA_ALERT_ESCALATE_AFTER, so operators tune the pace without touching the steps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import config
from bot.alerts.routing import CATEGORIES, store_policy, stored_policy
from bot.core import parse

ESCALATION_FILE = Path(config.__file__).parent / "alert_escalation.json"
# Whom a step reaches: the coordinators; the region's whole committee; and, following the duty
# roster of each sector the alert was routed to, the member on duty now, the next one in the
# rotation, the whole sector; and the region's chairs.
AUDIENCES = ("coordinators", "committee", "on_duty", "on_duty_next", "sector", "chair")
MAX_STEPS = 5


@dataclass(frozen=True)
class EscalationStep:
    delay: timedelta
    to: tuple[str, ...]


def validate_policy(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps in their JSON form, checked; ValueError names what is wrong."""
    steps = data.get("steps")
    if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_STEPS:
        raise ValueError(f"expected 1 to {MAX_STEPS} steps")
    checked = []
    for step in steps:
        delay = str(step.get("delay", ""))
        if delay != "interval" and parse.duration(delay) is None:
            raise ValueError(f"a delay is like 15m, 2h or 1d, at most {parse.MAX_DURATION.days}d")
        to = step.get("to")
        if not isinstance(to, list) or not to or set(to) - set(AUDIENCES):
            raise ValueError(f"'to' must list some of: {', '.join(AUDIENCES)}")
        checked.append({"delay": delay, "to": list(dict.fromkeys(to))})
    return checked


def parse_steps(text: str) -> list[dict[str, Any]]:
    """A coordinator's one-line form: '15m:coordinators+committee 30m:coordinators'."""
    steps = []
    for part in text.split():
        delay, _, to = part.partition(":")
        steps.append({"delay": delay, "to": [a for a in to.split("+") if a]})
    return validate_policy({"steps": steps})


def default_policy() -> list[dict[str, Any]]:
    return validate_policy(json.loads(ESCALATION_FILE.read_text(encoding="utf-8")))


def scope_for(region_slug: str | None = None, category: str | None = None) -> str:
    if category is not None:
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        return f"category:{category}"
    return f"region:{region_slug}" if region_slug else "*"


async def policy_for(
    session: AsyncSession, region_slug: str, category: str, interval: timedelta
) -> list[EscalationStep]:
    """The region's policy, else the category's, else a coordinator's default, else the file."""
    data = None
    for scope in (f"region:{region_slug}", f"category:{category}", "*"):
        row = await stored_policy(session, "escalation", scope)
        if row is not None:
            data = validate_policy(row.data)
            break
    steps = data if data is not None else default_policy()
    return [
        EscalationStep(
            interval if s["delay"] == "interval" else parse.duration(s["delay"]) or interval,
            tuple(s["to"]),
        )
        for s in steps
    ]


async def set_policy(
    session: AsyncSession,
    now: datetime,
    scope: str,
    steps: list[dict[str, Any]] | None,
    actor_id: int | None,
) -> None:
    data = None if steps is None else {"steps": validate_policy({"steps": steps})}
    await store_policy(session, now, "escalation", scope, data, actor_id)

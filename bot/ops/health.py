"""What /healthz answers: the database answers, the scheduler ticks, the outbox keeps up.

Unhealthy (503) when the database does not answer within 3 s, when the scheduler has not
ticked for three ticks (at least 30 s), when the oldest ready message has waited longer
than MAX_OUTBOX_LAG, or while the process is shutting down (so a balancer stops sending).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from bot.ops import figures
from bot.ops.metrics import Metrics
from storage.db import SessionFactory

MAX_OUTBOX_LAG = 900.0  # a 25,000-member broadcast drains in ~14 min at 30/s
DB_TIMEOUT = 3.0


@dataclass
class Ops:
    """This process's operational state, shared by the webhook server, health and metrics."""

    metrics: Metrics = field(default_factory=Metrics)
    last_tick: float | None = None  # monotonic time of the scheduler's last tick
    started: float = field(default_factory=time.monotonic)  # the first tick is due from here
    stopping: bool = False

    def ticked(self) -> None:
        self.last_tick = time.monotonic()
        self.metrics.timer_ticks.inc()


async def check(
    ops: Ops, sessions: SessionFactory, now: Any, tick_seconds: float
) -> dict[str, Any]:
    """The health report; `healthy` says whether to answer 200 or 503."""
    report: dict[str, Any] = {"stopping": ops.stopping}
    try:
        async with asyncio.timeout(DB_TIMEOUT), sessions() as session:
            report["database"] = await figures.database_reachable(session)
            report["outbox_lag_seconds"] = round(await figures.outbox_lag(session, now), 1)
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        report["database"] = False
        report["database_error"] = type(error).__name__
    since = time.monotonic() - (ops.last_tick if ops.last_tick is not None else ops.started)
    report["scheduler_last_tick_seconds_ago"] = round(since, 1)
    report["scheduler"] = since <= max(3 * tick_seconds, 30.0)
    lag_ok = report.get("outbox_lag_seconds", 0.0) <= MAX_OUTBOX_LAG
    report["healthy"] = (
        bool(report["database"] and report["scheduler"] and lag_ok) and not ops.stopping
    )
    return report

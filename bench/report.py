"""The benchmark's table: each metric beside the reference's, its target, and pass/fail."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REF = "_aioratelimiter"


@dataclass(frozen=True)
class Row:
    scenario: str
    metric: str
    target: str = ""
    check: Callable[[float], bool] | None = None
    reference: str | None = REF  # suffix or full key of the reference's figure


def at_least(limit: float) -> Callable[[float], bool]:
    return lambda value: value >= limit


def at_most(limit: float) -> Callable[[float], bool]:
    return lambda value: value <= limit


ROWS = [
    Row("clean", "clean_share", "≥ 0.97", at_least(0.97)),
    Row("clean", "clean_429", "= 0", at_most(0)),
    Row("clean", "clean_elapsed_s"),
    Row("clean", "clean_tail_s"),
    Row("faulty", "faulty_delivered_share", "= 1.0", at_least(1.0)),
    Row("faulty", "faulty_duplicated", "= 0", at_most(0)),
    Row("faulty", "faulty_extra_429", "= 0", at_most(0)),
    Row("faulty", "faulty_time_ratio_to_aioratelimiter", "≤ 1.05 (median)", at_most(1.05), None),
    Row("faulty", "faulty_elapsed_s"),
    Row("faulty", "faulty_tail_s"),
    Row("faulty", "faulty_requests"),
    Row("faulty", "faulty_injected_429"),
    Row("faulty", "faulty_injected_5xx"),
    Row("lost", "lost_alert_answers_lost", "", None, None),
    Row("lost", "lost_alert_missed", "= 0", at_most(0), None),
    Row("lost", "lost_alert_duplicated", "", None, None),
    Row("lost", "lost_alert_may_not_have_arrived", "= 0", at_most(0), None),
    Row("lost", "lost_bulk_answers_lost", "", None, None),
    Row("lost", "lost_bulk_duplicated", "= 0", at_most(0), None),
    Row("lost", "lost_bulk_may_not_have_arrived", "= answers lost", None, None),
    Row("lost", "lost_bulk_missed", "= 0", at_most(0), None),
    Row("alert", "alert_latency_p99_s", "≤ 2 s", at_most(2.0)),
    Row("alert", "alert_latency_p50_s"),
    Row("burst", "chat_burst_429", "= 0", at_most(0)),
    Row("burst", "chat_burst_delivered"),
    Row("burst", "chat_burst_elapsed_s"),
    Row("mixed", "mixed_private_share", "≥ 0.9", at_least(0.9)),
    Row("mixed", "mixed_group_max_per_minute", "≤ 20", at_most(20)),
    Row("mixed", "mixed_private_elapsed_s"),
    Row("mixed", "mixed_private_tail_s"),
    Row("mixed", "mixed_group_observed_s"),
    Row("mixed", "mixed_429"),
    Row("handle", "handle_p50_ms", "", None, None),
    Row("handle", "handle_p99_ms", "", None, None),
    Row("handle", "handle_delivered_p50_ms", "", None, None),
    Row("handle", "handle_delivered_p99_ms", "", None, None),
    Row("handle", "handle_p50_ms_postgres", "", None, None),
    Row("handle", "handle_p99_ms_postgres", "", None, None),
    Row("process", "peak_rss_mb", "", None, None),
]


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            return str(value)
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def table(results: dict[str, Any]) -> str:
    """Rows for the metrics present in `results`, as fixed-width text."""
    header = ("scenario", "metric", "Ura", "reference", "target", "result")
    lines: list[tuple[str, ...]] = [header]
    for row in ROWS:
        if row.metric not in results:
            continue
        value = results[row.metric]
        reference = results.get(row.metric + row.reference) if row.reference else None
        verdict = ""
        if row.check is not None:
            verdict = "pass" if row.check(float(value)) else "FAIL"
        lines.append((row.scenario, row.metric, _fmt(value), _fmt(reference), row.target, verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def failures(results: dict[str, Any]) -> list[str]:
    return [
        row.metric
        for row in ROWS
        if row.check is not None and row.metric in results and not row.check(results[row.metric])
    ]

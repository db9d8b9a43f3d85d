"""``python -m bench.delivery``: Ura's delivery engine against Telegram's limits, beside
python-telegram-bot's ``AIORateLimiter(max_retries=3)``, on the fake Bot API server.

Options: ``--quick`` (small sizes, a smoke run), ``--only SCENARIO`` (repeatable),
``--json FILE``. Scenarios: clean, faulty, lost, alert, burst, mixed, handle.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import alerts, broadcasts, handling, lost_replies, mixed
from bench.report import failures, table
from bench.ura_side import STOP_RETRIES


@dataclass(frozen=True)
class Sizes:
    members: int
    private: int
    group: int
    group_window: float
    handle: int
    lost: int = 300


FULL = Sizes(members=1000, private=500, group=60, group_window=65.0, handle=200)
QUICK = Sizes(members=200, private=100, group=30, group_window=25.0, handle=40, lost=60)


def scenarios(sizes: Sizes) -> dict[str, Callable[[], Awaitable[dict[str, Any]]]]:
    return {
        "clean": lambda: broadcasts.clean(sizes.members),
        "faulty": lambda: broadcasts.faulty(sizes.members),
        "lost": lambda: lost_replies.lost_replies(sizes.lost),
        "alert": lambda: alerts.alert_latency(sizes.members),
        "burst": lambda: broadcasts.chat_burst(20),
        "mixed": lambda: mixed.mixed(sizes.private, sizes.group, sizes.group_window),
        "handle": lambda: handling.handle(sizes.handle),
    }


def peak_rss_mb() -> float:
    """Peak resident set of this process (fake server included), from getrusage (KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


async def run(sizes: Sizes, only: list[str]) -> dict[str, Any]:
    chosen = scenarios(sizes)
    results: dict[str, Any] = {"quick": sizes is QUICK, "sizes": sizes.__dict__}
    for name, scenario in chosen.items():
        if only and name not in only:
            continue
        began = time.monotonic()
        print(f"… {name}", file=sys.stderr, flush=True)
        results.update(await scenario())
        results[f"runtime_{name}_s"] = round(time.monotonic() - began, 1)
    results["peak_rss_mb"] = round(peak_rss_mb(), 1)
    # engine.stop() alone would have hung this many times (see bench/ura_side.stop_engine)
    results["engine_stops_needing_recancel"] = sum(1 for n in STOP_RETRIES if n)
    results["engine_stops"] = len(STOP_RETRIES)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.delivery", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", action="append", default=[], choices=sorted(scenarios(FULL)))
    parser.add_argument("--json", type=Path, help="write the results as one JSON object")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.CRITICAL)  # the senders log every 429 they meet
    warnings.filterwarnings("ignore")  # PTB warns on each RetryAfter.retry_after access
    results = asyncio.run(run(QUICK if args.quick else FULL, args.only))
    print(table(results))
    if "faulty_time_ratio_by_seed" in results:
        draws = ", ".join(f"seed {k}: {v}" for k, v in results["faulty_time_ratio_by_seed"].items())
        print(f"\nfaulty time ratio (median of the draws): {draws}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    missed = failures(results)
    if missed:
        print(f"\ntargets missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

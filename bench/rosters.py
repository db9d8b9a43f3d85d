"""Who is on duty now, for all 12 regions × 8 sectors: the pure roster function's speed.

    python -m bench.rosters [--json FILE]

Each rotation has 6 members and 4 overrides; the figure is the time to answer "who is on duty
at t" for all 96 rotations: median and 99th percentile of 200 rounds at random instants."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.rosters.duty import Cover, Spec, shift_at

TIRANE = ZoneInfo("Europe/Tirane")


def rotations(rng: random.Random) -> list[tuple[Spec, list[Cover]]]:
    made = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(12 * 8):
        people = tuple(range(n * 10, n * 10 + 6))
        spec = Spec(people, rng.choice((1, 7)), clock(8), date(2026, 1, 1), TIRANE)
        covers = []
        for _ in range(4):
            begins = start + timedelta(hours=rng.randrange(0, 365 * 24))
            covers.append(Cover(rng.choice(people), None, begins, begins + timedelta(days=2)))
        made.append((spec, covers))
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(7)
    table = rotations(rng)
    rounds: list[float] = []
    for n in range(205):  # the first five warm the zone caches and are not counted
        at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        begun = time.perf_counter()
        for spec, covers in table:
            shift_at(spec, covers, at)
        if n >= 5:
            rounds.append((time.perf_counter() - begun) * 1000)
    p99 = statistics.quantiles(rounds, n=100)[98]
    figures = {"on_duty_all_96_ms_p50": statistics.median(rounds), "on_duty_all_96_ms_p99": p99}
    print(
        f"who is on duty, 12 regions x 8 sectors: p50 {figures['on_duty_all_96_ms_p50']:.2f} ms, "
        f"p99 {p99:.2f} ms (goal < 10 ms)"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

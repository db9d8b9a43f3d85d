"""Search benchmark: /search latency over a million exchange-log entries on SQLite (FTS5).

Fills a fresh SQLite database (migrated as in production) with N entries spread over 13
groups and two years, then times exchange_search.search() as a committee member (one group)
and as a coordinator (all groups), for ordinary, rare, accented, dated and hostile queries.

    .venv/bin/python -m bench.search [--entries 1000000] [--runs 40]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.text import fold
from bot.exchange import search as exchange_search
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade

WORDS = [
    "fëmijë",
    "viktimë",
    "trafikim",
    "strehëz",
    "policia",
    "prokuroria",
    "shkolla",
    "parandalim",
    "ndihmë",
    "riintegrim",
    "hetim",
    "takim",
    "raport",
    "rajoni",
    "komiteti",
    "familje",
    "punë",
    "kufiri",
    "autobus",
    "stacion",
    "mbrojtje",
    "shërbimi",
    "social",
    "shëndetësia",
    "bashkia",
    "ç'kemi",
    "çështje",
    "qendër",
    "të",
    "dhëna",
    "rast",
    "udhëtim",
    "pasaportë",
    "dokument",
    "mjek",
    "psikolog",
    "avokat",
    "gjykata",
    "dëshmitar",
    "fushatë",
]
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "da",
    "de",
    "di",
    "do",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "ni",
    "ra",
    "re",
    "ri",
    "sh",
    "ta",
]
QUERIES = [
    ("common word", "femije"),
    ("two words", "strehez policia"),
    ("accented", "fëmijë trafikim"),
    ("rare word", "zzqx"),
    ("prefix", "shko"),
    ("dated", "raport 01.03.2025 31.03.2025"),
    ("hostile quotes", '"femije" OR NEAR(a b) -(*'),
    ("hostile syntax", "') ; DROP TABLE x; -- {scope} : ^"),
]


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    made = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return [*WORDS, *sorted(made)]


def fill(path: Path, entries: int, seed: int = 7) -> None:
    """Bulk insert without the FTS trigger, then rebuild the index once: minutes, not hours."""
    rng = random.Random(seed)  # noqa: S311 - test data
    words = vocabulary(rng)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("DROP TRIGGER exchange_fts_ai")
    batch: list[tuple[object, ...]] = []
    links: list[tuple[int, int]] = []
    for i in range(1, entries + 1):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
        group = rng.randint(1, 13)
        when = start + timedelta(seconds=i * 60)
        batch.append(
            (
                i,
                "update",
                "Bench",
                None,
                "other",
                text,
                fold(text),
                f"g{group}",
                "[]",
                "{}",
                i,
                i,
                1,
                1,
                when.strftime("%Y-%m-%d %H:%M:%S.000000"),
            )
        )
        links.append((i, group))
        if len(batch) == 50_000:
            _flush(db, batch, links)
    _flush(db, batch, links)
    db.execute("INSERT INTO exchange_fts(exchange_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO exchange_fts(exchange_fts) VALUES ('optimize')")
    db.commit()
    db.close()


def _flush(
    db: sqlite3.Connection, batch: list[tuple[object, ...]], links: list[tuple[int, int]]
) -> None:
    db.executemany(
        "INSERT INTO exchange_entries (id, kind, sender_name, sender_member_id, topic, text, "
        "text_folded, scope, attachments, meta, thread_id, first_id, version, current, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    db.executemany("INSERT INTO exchange_entry_groups (entry_id, group_id) VALUES (?, ?)", links)
    db.commit()
    batch.clear()
    links.clear()


async def measure(url: str, runs: int) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    zone = __import__("zoneinfo").ZoneInfo("Europe/Tirane")
    print(f"{'query':<16} {'as':<12} {'p50 ms':>8} {'p99 ms':>8} {'hits':>5}")
    for label, line in QUERIES:
        terms = exchange_search.parse(line)
        since, until = exchange_search.day_bounds(terms.dates, zone)
        for who, groups in (("member", [3]), ("coordinator", None)):
            times: list[float] = []
            hits = 0
            for _ in range(runs):
                async with sessions() as session:
                    began = time.perf_counter()
                    found = await exchange_search.search(session, terms.words, groups, since, until)
                    times.append((time.perf_counter() - began) * 1000)
                    hits = len(found)
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(f"{label:<16} {who:<12} {statistics.median(times):>8.1f} {p99:>8.1f} {hits:>5}")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ura-bench-search-") as folder:
        path = Path(folder) / "ura.db"
        url = f"sqlite+aiosqlite:///{path}"
        asyncio.run(upgrade(url))
        began = time.perf_counter()
        fill(path, args.entries)
        print(f"filled {args.entries:,} entries in {time.perf_counter() - began:.0f} s")
        asyncio.run(measure(url, args.runs))


if __name__ == "__main__":
    main()
